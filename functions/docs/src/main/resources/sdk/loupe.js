// Loupe for web pages: a small ES module with no dependencies, served by the API at GET /sdk/loupe.js.
//
//   import { Loupe } from "https://<api>/sdk/loupe.js";
//   const loupe = new Loupe({ api: "https://<api>", publicKey: "<the project's public key>" });
//   await loupe.login("ada", "correct horse battery");
//   const image = await loupe.upload(file, { onProgress: (p) => console.log(p.loaded, p.total) });
//   await loupe.renderGallery(document.querySelector("#gallery"), "porto");
//
// What the API returns is shown as text (textContent, attributes), never as HTML.

/** The module's version (it changes with every change to this file). */
export const VERSION = "1";

/**
 * Every failure of a call: the API's error (status, code and message from its error shape, whichever API family
 * answered), or status 0 with code "network_error" when the browser got no answer it may read.
 */
export class LoupeError extends Error {
  /**
   * @param {number} status the HTTP status (0 when there was none)
   * @param {string} code the API's machine code, e.g. "origin_not_allowed"
   * @param {string} message the API's sentence for people
   * @param {string} [param] the request parameter at fault, when the API names one
   */
  constructor(status, code, message, param) {
    super(message);
    this.name = "LoupeError";
    /** @type {number} */ this.status = status;
    /** @type {string} */ this.code = code;
    /** @type {string|undefined} */ this.param = param;
  }
}

/**
 * @typedef {object} Progress
 * @property {number} loaded bytes sent so far
 * @property {number} total bytes to send (the whole request)
 * @property {number} fraction loaded / total, 0 to 1
 */

/**
 * @typedef {object} LoupeOptions
 * @property {string} api the API's base URL, e.g. "https://api.example.com"
 * @property {string} publicKey the project's public key (never the secret key: it must stay on a server)
 * @property {boolean} [cookies=true] send and keep the session cookie (credentials: "include"); the page's origin
 *   must then be in the project's allowed_origins, as the API shares credentials with those origins only. With
 *   false, the session's token alone (sent as a Bearer token) carries the session.
 * @property {typeof fetch} [fetch] a fetch to use instead of the page's
 */

/** Renew a token this long before it expires (ms). */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

/** A client of one project's API for a web page. */
export class Loupe {
  /** @param {LoupeOptions} options */
  constructor(options) {
    if (!options || !options.api || !options.publicKey) {
      throw new LoupeError(0, "bad_options", "new Loupe({api, publicKey}) needs the API's URL and the public key");
    }
    /** @private */ this.api = String(options.api).replace(/\/+$/, "");
    /** @private */ this.publicKey = options.publicKey;
    /** @private */ this.cookies = options.cookies !== false;
    /** @private */ this.fetch = options.fetch || globalThis.fetch.bind(globalThis);
    /** @private @type {{token: string, expires: number} | null} */ this.browser = null;
    /** @private @type {Promise<string> | null} */ this.renewing = null;
    /** @private @type {{token: string, expires: number, csrf: string | undefined} | null} */ this.session = null;
  }

  /**
   * A browser token (POST /v1/auth with the public key), renewed when it is within five minutes of its expiry.
   * A project with allowed_origins hands one out only to pages on those origins (403 origin_not_allowed).
   * @returns {Promise<string>}
   */
  async token() {
    if (this.browser && this.browser.expires - Date.now() > RENEW_BEFORE_MS) {
      return this.browser.token;
    }
    if (!this.renewing) {
      // The answer is the same for every origin ("*"), so this call goes without credentials.
      this.renewing = this.send("POST", "/v1/auth", { body: { public_key: this.publicKey }, credentials: "omit",
        token: null })
        .then((answer) => {
          this.browser = { token: answer.token, expires: expiry(answer.token) };
          return answer.token;
        })
        .finally(() => { this.renewing = null; });
    }
    return this.renewing;
  }

  /**
   * Signs a user in (POST /v1/sessions): from here on the calls speak for the user, with its role, by the session's
   * token (and its cookie, where the browser keeps it).
   * @param {string} username a username or an email
   * @param {string} password
   * @returns {Promise<any>} the session: session_id, user_id, username, role, csrf_token, expires
   */
  async login(username, password) {
    const answer = await this.send("POST", "/v1/sessions", { body: { username, password },
      token: await this.token() });
    this.keepSession(answer);
    return answer;
  }

  /**
   * The current session (GET /v1/sessions/current): the one this client keeps, or the cookie's; a first call starts an
   * anonymous one.
   * @returns {Promise<any>}
   */
  async currentSession() {
    const answer = await this.call("GET", "/v1/sessions/current");
    this.keepSession(answer);
    return answer;
  }

  /** Signs out (DELETE /v1/sessions/current); later calls use the browser token again. */
  async logout() {
    try {
      await this.call("DELETE", "/v1/sessions/current");
    } finally {
      this.session = null;
    }
  }

  /**
   * Uploads a file to the library (POST /v1/uploads), or into a gallery (POST /v1/galleries/{name}/images) with
   * `gallery`. Progress comes from the browser's upload events (fetch has none). Needs a signed-in user with the
   * editor or admin role (a browser token alone may not change the library).
   * @param {Blob} file a File from an input or a drop, or any Blob (then give `fileName`)
   * @param {{fileName?: string, description?: string, folderId?: string, gallery?: string,
   *          onProgress?: (progress: Progress) => void, signal?: AbortSignal}} [options]
   * @returns {Promise<any>} the image (library), or the gallery with the image added
   */
  async upload(file, options = {}) {
    const fileName = options.fileName || /** @type {any} */ (file).name;
    if (!fileName) {
      throw new LoupeError(0, "missing_file_name", "upload(blob, {fileName}) needs a file name with an extension");
    }
    const form = new FormData();
    if (options.gallery) {
      form.append("file", file, fileName);
      return this.sendForm(`/v1/galleries/${encodeURIComponent(options.gallery)}/images`, form, options);
    }
    const metadata = { file_name: fileName };
    if (options.description) metadata.description = options.description;
    if (options.folderId) metadata.folder_id = options.folderId;
    form.append("metadata", new Blob([JSON.stringify(metadata)], { type: "application/json" }));
    form.append("file", file, fileName);
    return this.sendForm("/v1/uploads", form, options);
  }

  /**
   * Creates a gallery (POST /v1/galleries) of library images and, with `files`, of files uploaded with it.
   * @param {{name?: string, title?: string, images?: string[], files?: Blob[],
   *          onProgress?: (progress: Progress) => void, signal?: AbortSignal}} gallery
   * @returns {Promise<any>} the gallery
   */
  async createGallery(gallery) {
    const form = new FormData();
    if (gallery.name) form.append("name", gallery.name);
    if (gallery.title) form.append("title", gallery.title);
    for (const id of gallery.images || []) form.append("image", id);
    for (const file of gallery.files || []) form.append("file", file, /** @type {any} */ (file).name || "image");
    return this.sendForm("/v1/galleries", form, gallery);
  }

  /**
   * A user's galleries (GET /v1/galleries): `user` a user id of the project (default: the signed-in user).
   * @param {{user?: string, start?: number, limit?: number}} [query]
   * @returns {Promise<any>} {count: {total, batch}, gallery: [...]}
   */
  galleries(query = {}) {
    return this.call("GET", "/v1/galleries" + queryString(query));
  }

  /**
   * A gallery (GET /v1/galleries/{name}).
   * @param {string} name
   * @returns {Promise<any>}
   */
  gallery(name) {
    return this.call("GET", `/v1/galleries/${encodeURIComponent(name)}`);
  }

  /**
   * The library's images (GET /v1/images), newest first; `cursor` is the previous page's next_cursor. Editors and
   * admins may list; a browser token alone gets 403 forbidden.
   * @param {{limit?: number, cursor?: string, search?: string, status?: string, sort?: string, extension?: string}}
   *   [query]
   * @returns {Promise<any>} {images: [...], next_cursor}
   */
  images(query = {}) {
    return this.call("GET", "/v1/images" + queryString(query));
  }

  /**
   * An image's details (GET /v1/images/{id}): its links, size, renditions and placeholder.
   * @param {string} id
   * @returns {Promise<any>}
   */
  image(id) {
    return this.call("GET", `/v1/images/${encodeURIComponent(id)}`);
  }

  /**
   * Renders a gallery into `element` (its content is replaced): a responsive grid of its images, each a picture of
   * its renditions (AVIF, WebP, JPEG srcsets) over its placeholder until it loads, with its caption as text.
   * @param {Element} element
   * @param {string | any} gallery a gallery's name, or a gallery the API returned
   * @param {{minWidth?: number, gap?: number}} [options] the grid's smallest column (px, 220) and its gap (px, 8)
   * @returns {Promise<HTMLElement>} the grid
   */
  async renderGallery(element, gallery, options = {}) {
    const shown = typeof gallery === "string" ? await this.gallery(gallery) : gallery;
    const files = (shown.files && shown.files.file) || [];
    // Renditions and placeholders are the images' details; an image that can't be read shows its plain links.
    const details = await Promise.all(files.map((f) => this.image(f.bucket).catch(() => null)));
    const minWidth = options.minWidth || 220;
    const gap = options.gap ?? 8;
    const doc = element.ownerDocument;
    const grid = doc.createElement("ul");
    grid.className = "loupe-gallery";
    grid.setAttribute("aria-label", shown.title || shown.name);
    Object.assign(grid.style, { display: "grid", gap: gap + "px", listStyle: "none", margin: "0", padding: "0",
      gridTemplateColumns: `repeat(auto-fill, minmax(min(100%, ${minWidth}px), 1fr))` });
    // The grid's columns: one on a phone, more as the page widens (an upper bound is enough for srcset).
    const sizes = `(max-width: ${2 * minWidth + gap}px) 100vw, (max-width: ${4 * minWidth}px) 50vw, 33vw`;
    files.forEach((file, i) => grid.append(tile(doc, file, details[i], sizes)));
    element.replaceChildren(grid);
    return grid;
  }

  /**
   * Renders a gallery's player (its slideshow page, player_url) into `element` as an iframe, 16:9 and as wide as the
   * element.
   * @param {Element} element
   * @param {string | any} gallery a gallery's name, or a gallery the API returned
   * @returns {Promise<HTMLIFrameElement>}
   */
  async renderPlayer(element, gallery) {
    const shown = typeof gallery === "string" ? await this.gallery(gallery) : gallery;
    const frame = element.ownerDocument.createElement("iframe");
    frame.src = shown.links.player_url;
    frame.title = shown.title || shown.name;
    frame.allowFullscreen = true;
    frame.loading = "lazy";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    Object.assign(frame.style, { width: "100%", aspectRatio: "16 / 9", border: "0", display: "block" });
    element.replaceChildren(frame);
    return frame;
  }

  /**
   * Any route of the API, with the session's token (or the browser token) and the cookie: the answer's JSON, or a
   * LoupeError.
   * @param {string} method
   * @param {string} path e.g. "/v1/galleries/porto"
   * @param {any} [body] sent as JSON
   * @returns {Promise<any>}
   */
  async call(method, path, body) {
    return this.send(method, path, { body, token: await this.currentToken() });
  }

  // ---------------------------------------------------------------- the requests

  /** @private The session's token while it lasts, else the browser token. */
  async currentToken() {
    if (this.session && this.session.expires > Date.now()) return this.session.token;
    this.session = null;
    return this.token();
  }

  /** @private */
  keepSession(answer) {
    if (answer && answer.token) {
      this.session = { token: answer.token, expires: expiry(answer.token), csrf: answer.csrf_token };
    } else if (answer && this.session) {
      this.session.csrf = answer.csrf_token || this.session.csrf;
    }
  }

  /** @private */
  headers(token, method) {
    /** @type {Record<string, string>} */
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    // A change made with the session cookie must carry the session's CSRF token.
    if (method !== "GET" && this.session && this.session.csrf) headers["X-CSRF-Token"] = this.session.csrf;
    return headers;
  }

  /** @private */
  async send(method, path, { body, token, credentials }) {
    const headers = this.headers(token, method);
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await this.fetch(this.api + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        credentials: credentials || (this.cookies ? "include" : "omit"), mode: "cors",
      });
    } catch (failure) {
      throw unreadable(method, path, this.cookies, failure);
    }
    const text = await response.text();
    return answerOf(response.status, text);
  }

  /** @private A multipart POST by XMLHttpRequest, for its upload progress events. */
  async sendForm(path, form, { onProgress, signal } = {}) {
    const token = await this.currentToken();
    const headers = this.headers(token, "POST");
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("POST", this.api + path);
      request.withCredentials = this.cookies;
      for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
      if (onProgress) {
        request.upload.addEventListener("progress", (event) => {
          if (event.lengthComputable) {
            onProgress({ loaded: event.loaded, total: event.total, fraction: event.loaded / event.total });
          }
        });
      }
      request.addEventListener("load", () => {
        try {
          resolve(answerOf(request.status, request.responseText));
        } catch (error) {
          reject(error);
        }
      });
      request.addEventListener("error", () => reject(unreadable("POST", path, this.cookies, null)));
      request.addEventListener("abort", () => reject(new LoupeError(0, "aborted", "The upload was cancelled")));
      if (signal) signal.addEventListener("abort", () => request.abort(), { once: true });
      request.send(form);
    });
  }
}

// ---------------------------------------------------------------- helpers

/** The JSON of an answer, or the LoupeError its error shape describes. */
function answerOf(status, text) {
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: described below by its status.
  }
  if (status >= 200 && status < 300) return json;
  throw errorOf(status, json);
}

/**
 * The API's error shapes, one per family: Loupe's {"error": {status, code, message, param}}, the gallery API's
 * {"errors": [{code, message}]}, the task API's {"error": {type, message, code, param, reason}}.
 */
function errorOf(status, json) {
  const error = json && json.error;
  if (error && typeof error.code === "string") {
    return new LoupeError(status, error.code, error.message || "", error.param);
  }
  if (error && (error.reason || error.type)) {
    return new LoupeError(status, error.reason || error.type, error.message || "", error.param);
  }
  const first = json && Array.isArray(json.errors) && json.errors[0];
  if (first) return new LoupeError(status, first.code, first.message || "");
  return new LoupeError(status, "http_" + status, `The API answered ${status}`);
}

function unreadable(method, path, cookies, failure) {
  return new LoupeError(0, "network_error", `${method} ${path}: no answer the page may read (the network, or CORS`
    + (cookies ? ": with cookies on, the page's origin must be in the project's allowed_origins)" : ")")
    + (failure && failure.message ? ": " + failure.message : ""));
}

/** A JWT's expiry (ms), read without checking it: the API checks it. */
function expiry(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const exp = JSON.parse(atob(payload)).exp;
    if (typeof exp === "number") return exp * 1000;
  } catch {
    // Not a JWT this module can read: renewed at once next time.
  }
  return 0;
}

function queryString(query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.append(name, String(value));
  }
  const text = params.toString();
  return text ? "?" + text : "";
}

/** One image of the grid: a figure with a picture of its renditions, its placeholder behind, its caption as text. */
function tile(doc, file, details, sizes) {
  const item = doc.createElement("li");
  const figure = doc.createElement("figure");
  figure.style.margin = "0";
  const picture = doc.createElement("picture");
  const img = doc.createElement("img");
  const renditions = (details && details.renditions) || [];
  for (const type of ["image/avif", "image/webp"]) {
    const set = srcset(renditions.filter((r) => r.type === type));
    if (set) {
      const source = doc.createElement("source");
      source.type = type;
      source.srcset = set;
      source.sizes = sizes;
      picture.append(source);
    }
  }
  const jpeg = renditions.filter((r) => r.type === "image/jpeg");
  if (jpeg.length) {
    img.srcset = srcset(jpeg);
    img.sizes = sizes;
    img.src = (jpeg.filter((r) => r.width >= 640).sort((a, b) => a.width - b.width)[0] || jpeg[0]).url;
  } else {
    // No renditions (an older image, or details the caller may not read): the thumbnail and the original.
    const thumbnails = (details && details.thumbnails) || [];
    const candidates = thumbnails.map((t) => ({ width: t.size, url: t.url }));
    if (file.width) candidates.push({ width: file.width, url: file.image_url });
    img.srcset = srcset(candidates);
    img.sizes = sizes;
    img.src = file.image_url;
  }
  img.width = file.width;
  img.height = file.height;
  img.alt = file.caption || file.name || "";
  img.loading = "lazy";
  img.decoding = "async";
  Object.assign(img.style, { display: "block", width: "100%", height: "auto", aspectRatio: "4 / 3",
    objectFit: "cover", backgroundColor: "#e8e8e8", backgroundSize: "cover" });
  const placeholder = details && details.placeholder;
  if (placeholder && placeholder.type === "blurhash") {
    const url = blurhashDataUrl(doc, placeholder.value, file.width, file.height);
    if (url) {
      img.style.backgroundImage = `url("${url}")`;
      img.addEventListener("load", () => { img.style.backgroundImage = "none"; }, { once: true });
    }
  }
  picture.append(img);
  figure.append(picture);
  if (file.caption) {
    const caption = doc.createElement("figcaption");
    caption.textContent = file.caption;
    Object.assign(caption.style, { fontSize: "0.9em", padding: "4px 2px", overflowWrap: "anywhere" });
    figure.append(caption);
  }
  item.append(figure);
  return item;
}

/** A srcset of candidates {width, url}, or "" for none. */
function srcset(candidates) {
  return [...candidates].sort((a, b) => a.width - b.width).map((c) => `${c.url} ${c.width}w`)
    .join(", ");
}

// ---------------------------------------------------------------- BlurHash (https://blurha.sh), decoded small

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

function decode83(text) {
  let value = 0;
  for (const c of text) {
    const digit = DIGITS.indexOf(c);
    if (digit < 0) throw new Error("not base 83");
    value = value * 83 + digit;
  }
  return value;
}

function toLinear(value) {
  const v = value / 255;
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

function toSrgb(value) {
  const v = Math.max(0, Math.min(1, value));
  return Math.round(v <= 0.0031308 ? v * 12.92 * 255 : (1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255);
}

function signPow(value, exp) {
  return Math.sign(value) * Math.pow(Math.abs(value), exp);
}

/** A BlurHash painted on a small canvas (32 px on its long side), as a data URL; null when it can't be read. */
function blurhashDataUrl(doc, hash, width, height) {
  try {
    const size = decode83(hash[0]);
    const nx = (size % 9) + 1;
    const ny = Math.floor(size / 9) + 1;
    if (hash.length !== 4 + 2 * nx * ny) return null;
    const maximum = (decode83(hash[1]) + 1) / 166;
    const colors = [];
    const dc = decode83(hash.substring(2, 6));
    colors.push([toLinear(dc >> 16), toLinear((dc >> 8) & 255), toLinear(dc & 255)]);
    for (let i = 1; i < nx * ny; i++) {
      const ac = decode83(hash.substring(4 + i * 2, 6 + i * 2));
      colors.push([Math.floor(ac / (19 * 19)), Math.floor(ac / 19) % 19, ac % 19]
        .map((q) => signPow((q - 9) / 9, 2) * maximum));
    }
    const ratio = width && height ? width / height : 4 / 3;
    const w = ratio >= 1 ? 32 : Math.max(1, Math.round(32 * ratio));
    const h = ratio >= 1 ? Math.max(1, Math.round(32 / ratio)) : 32;
    const canvas = doc.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    const context = canvas.getContext("2d");
    const pixels = context.createImageData(w, h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let r = 0, g = 0, b = 0;
        for (let j = 0; j < ny; j++) {
          for (let i = 0; i < nx; i++) {
            const basis = Math.cos((Math.PI * x * i) / w) * Math.cos((Math.PI * y * j) / h);
            const color = colors[i + j * nx];
            r += color[0] * basis;
            g += color[1] * basis;
            b += color[2] * basis;
          }
        }
        const at = 4 * (x + y * w);
        pixels.data[at] = toSrgb(r);
        pixels.data[at + 1] = toSrgb(g);
        pixels.data[at + 2] = toSrgb(b);
        pixels.data[at + 3] = 255;
      }
    }
    context.putImageData(pixels, 0, 0);
    return canvas.toDataURL();
  } catch {
    return null;
  }
}
