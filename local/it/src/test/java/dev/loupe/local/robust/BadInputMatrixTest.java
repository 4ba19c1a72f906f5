package dev.loupe.local.robust;

import static dev.loupe.local.testing.ProjectClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.Multipart;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SampleFolders;
import dev.loupe.local.testing.SampleLibrary;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bad-input matrix (issue 13, section 7): several hundred malformed requests across the routes of every API on
 * the local cloud (bad and deeply nested JSON, wrong types, huge numbers, negative paging, NUL and control
 * characters, very long strings and ids, duplicate parameters, wrong content types, XML bombs, traversal and CR/LF in
 * names). None may answer 5xx; every one sent to a route that writes must be refused (4xx); and the project's
 * tables and buckets hold exactly what they held before: a refused request stores nothing.
 */
@LoupeCloudTest
class BadInputMatrixTest {
    private static ProjectClient cloud;
    private static String task;

    /** One malformed request; {@code writes}: the route stores something when it accepts, so it must refuse. */
    record Case(String label, String method, String path, String contentType, byte[] body, boolean writes) {
        String route() {
            return method + " " + path.replaceAll("\\?.*", "").replaceAll("/[^/]{40,}", "/{long}");
        }
    }

    @BeforeAll
    static void seed(ProjectClient shared) throws Exception {
        cloud = shared;
        SampleFolders.seedFolder(cloud, "mx-folder", "Matrix");
        SampleLibrary.seedImage(cloud, "mx-image", "m.jpg", Optional.of("mx-folder"));
        json(cloud.postJson("/v1/galleries", "{\"name\": \"mx-gallery\", \"image\": [\"mx-image\"]}"), 201);
        json(cloud.postJson("/v1/galleries", "{\"name\": \"mx-locked\", \"security\": \"password\", "
                + "\"password\": \"open sesame\", \"image\": [\"mx-image\"]}"), 201);
        task = json(cloud.get("/v1/start/resizeimage"), 200).path("task").asText();
    }

    // ---------------------------------------------------------------- the bodies

    private static String head(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bodies that are no JSON object a route could take, each with the content type it is sent with. */
    static List<Object[]> badJson() {
        List<Object[]> bodies = new ArrayList<>();
        String json = "application/json";
        bodies.add(new Object[]{"truncated", json, utf8("{\"name\": \"x\"")});
        bodies.add(new Object[]{"missing value", json, utf8("{\"name\":}")});
        bodies.add(new Object[]{"trailing garbage", json, utf8("{\"name\": \"x\"} and more")});
        bodies.add(new Object[]{"two values", json, utf8("{} {}")});
        bodies.add(new Object[]{"deeply nested arrays", json, utf8("[".repeat(20_000) + "]".repeat(20_000))});
        bodies.add(new Object[]{"deeply nested objects", json,
                utf8("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000))});
        bodies.add(new Object[]{"1e999", json, utf8("{\"name\": 1e999, \"title\": 1e999, \"file_name\": 1e999, "
                + "\"size\": 1e999, \"public_key\": 1e999, \"task\": 1e999}")});
        bodies.add(new Object[]{"an array", json, utf8("[]")});
        bodies.add(new Object[]{"null", json, utf8("null")});
        bodies.add(new Object[]{"a string", json, utf8("\"name\"")});
        bodies.add(new Object[]{"NUL bytes", json, new byte[]{0, 0, 0}});
        bodies.add(new Object[]{"invalid UTF-8", json, new byte[]{'{', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}});
        bodies.add(new Object[]{"XML sent as JSON", json, utf8("<name>x</name>")});
        bodies.add(new Object[]{"a huge number", json, utf8("{\"name\": " + "9".repeat(5_000) + "}")});
        return bodies;
    }

    private static String longString(int n) {
        return "x".repeat(n);
    }

    private static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";")
                    .repeat(10)).append("\">");
        }
        return dtd.append("]>").toString();
    }

    static List<String> xmlBombs() {
        String entry = "<atom:entry xmlns:atom=\"http://www.w3.org/2005/Atom\"><atom:content><Folder><Name>%s"
                + "</Name></Folder></atom:content></atom:entry>";
        return List.of(
                billionLaughs() + entry.formatted("&lol9;"),
                "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                        + entry.formatted("&x;"),
                "<?xml version=\"1.0\"?><!DOCTYPE e SYSTEM \"http://127.0.0.1:9/x.dtd\">" + entry.formatted("ext"),
                "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p\"> %p;]>"
                        + entry.formatted("param"),
                "<a>".repeat(20_000) + "</a>".repeat(20_000),
                entry.formatted("x").substring(0, 60),
                entry.formatted(""),
                entry.formatted("a\u0001b"),
                "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + entry.formatted("enc"),
                "not xml at all");
    }

    private static byte[] zip(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] tinyJpeg() throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(8, 8,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- the matrix

    static List<Case> cases() throws Exception {
        List<Case> cases = new ArrayList<>();
        String p = cloud.project().projectId();
        String atom = "/ws/customers/" + p + "/library/folders";
        String longId = "A".repeat(2_100);
        List<String> badSegments = List.of(longId, "%00", "%01", "%1b", "a%0d%0ab", "..%2f..%2fetc", "%7f",
                "x%00y.jpg");

        // JSON bodies on every route that reads one, each malformed way.
        String[][] jsonRoutes = {
                {"POST", "/v1/folders"}, {"PATCH", "/v1/folders/mx-folder"}, {"PATCH", "/v1/images/mx-image"},
                {"POST", "/v1/uploads/url"}, {"POST", "/v1/galleries"}, {"POST", "/v1/galleries/mx-gallery/images"},
                {"PATCH", "/v1/galleries/mx-gallery"}, {"POST", "/v1/process"}, {"POST", "/v1/auth"},
                {"POST", "/v1/imports"}, {"POST", "/gallery_api.php"}, {"POST", "/v1/task/next"},
                {"POST", "/v1/upload/delete"}};
        for (String[] route : jsonRoutes) {
            for (Object[] bad : badJson()) {
                cases.add(new Case(bad[0] + " to " + route[1], route[0], route[1], (String) bad[1], (byte[]) bad[2],
                        true));
            }
        }

        // Wrong types, huge numbers and very long strings in the fields routes read.
        String[] typed = {
                "{\"name\": \"\"}", "{\"name\": \"" + longString(100_000) + "\"}", "{\"name\": \"a\\u0000b\"}",
                "{\"name\": \"a\\r\\nb\"}", "{\"name\": \"\\u001b[31m\"}"};
        for (String body : typed) {
            cases.add(new Case("folder name " + body.length(), "POST", "/v1/folders", "application/json", utf8(body),
                    true));
            cases.add(new Case("folder rename " + body.length(), "PATCH", "/v1/folders/mx-folder",
                    "application/json", utf8(body), true));
        }
        for (String body : new String[]{"{\"file_name\": \"../../etc/passwd\"}", "{\"file_name\": \"a\\r\\nb.jpg\"}",
                "{\"file_name\": \"a\\u0000.jpg\"}", "{\"file_name\": \"" + longString(10_000) + "\"}",
                "{\"description\": \"" + longString(100_000) + "\"}", "{\"status\": 5}", "{\"status\": \"gone\"}",
                "{\"gps_public\": \"maybe\"}", "{\"gps_public\": [\"maybe\"]}"}) {
            cases.add(new Case("image update " + head(body, 30), "PATCH",
                    "/v1/images/mx-image", "application/json", utf8(body), true));
        }
        for (String body : new String[]{"{\"file_name\": \"a.jpg\", \"size\": -1, \"md5\": \"" + "0".repeat(32) + "\"}",
                "{\"file_name\": \"a.jpg\", \"size\": 1e400, \"md5\": \"" + "0".repeat(32) + "\"}",
                "{\"file_name\": \"a.jpg\", \"size\": 99999999999999999999, \"md5\": \"" + "0".repeat(32) + "\"}",
                "{\"file_name\": \"a.jpg\", \"size\": \"ten\", \"md5\": \"" + "0".repeat(32) + "\"}",
                "{\"file_name\": \"a\\r\\n.jpg\", \"size\": 10, \"md5\": \"" + "0".repeat(32) + "\"}",
                "{\"file_name\": \"a.jpg\", \"size\": 10, \"md5\": \"zz\"}",
                "{\"file_name\": \"a.jpg\", \"size\": 10, \"md5\": \"" + "0".repeat(32) + "\", \"folder_id\": \""
                        + longId + "\"}"}) {
            cases.add(new Case("upload url " + head(body, 40), "POST", "/v1/uploads/url", "application/json",
                    utf8(body), true));
        }
        for (String body : new String[]{"{\"image\": [\"" + longId + "\"]}", "{\"image\": [{\"a\": 1}]}",
                "{\"image\": \"../../x\"}", "{\"image\": \"a\\u0000b\"}", "{\"title\": \"" + longString(201) + "\"}",
                "{\"security\": 5}", "{\"security\": \"secret\"}", "{\"security\": \"password\", \"password\": 12}",
                "{\"name\": \"a\\r\\nb\", \"image\": [\"mx-image\"], \"player_interval\": -5}",
                "{\"player_interval\": 1e999}", "{\"player_interval\": 99999999999999999999}",
                "{\"captions\": \"not an object\"}", "{\"captions\": {\"mx-image\": \"" + longString(100_000) + "\"}}",
                "{\"description\": \"" + longString(100_000) + "\"}"}) {
            cases.add(new Case("gallery create " + head(body, 30), "POST",
                    "/v1/galleries", "application/json", utf8(body), true));
            cases.add(new Case("gallery edit " + head(body, 30), "PATCH",
                    "/v1/galleries/mx-gallery", "application/json", utf8(body), true));
        }
        for (String body : new String[]{"{\"image\": [\"" + longId + "\"]}", "{\"image\": [{\"a\": 1}]}",
                "{\"image\": \"a\\u0001b\"}", "{\"image\": []}"}) {
            cases.add(new Case("gallery add " + head(body, 20), "POST", "/v1/galleries/mx-gallery/images",
                    "application/json", utf8(body), true));
        }

        // Negative, huge and malformed paging, duplicate parameters, on every list.
        String[] lists = {"/v1/images", "/api/2/images", "/v1/folders/mx-folder/images", "/v1/galleries",
                "/v1/public/galleries", "/v1/public/galleries/search?q=abc&", atom + "/mx-folder/images", "/v1/task"};
        String[] paging = {"limit=-1", "limit=0", "limit=99999999999999999999", "limit=1e9", "limit=abc",
                "offset=-5", "start=-1", "cursor=%00%01", "cursor=" + longString(5_000), "limit=5&limit=-1",
                "next=!!!!", "sort=%0d%0a", "q=%00"};
        for (String list : lists) {
            for (String query : paging) {
                String path = list.contains("?") ? list + query : list + "?" + query;
                cases.add(new Case("paging " + query, "GET", path, null, null, false));
            }
        }

        // Path segments: very long ids, NUL and control characters, traversal, CR/LF, on reads and writes.
        for (String seg : badSegments) {
            cases.add(new Case("image id", "GET", "/v1/images/" + seg, null, null, false));
            cases.add(new Case("image id delete", "DELETE", "/v1/images/" + seg, null, null, true));
            cases.add(new Case("image id patch", "PATCH", "/v1/images/" + seg, "application/json",
                    utf8("{\"description\": \"d\"}"), true));
            cases.add(new Case("folder id", "GET", "/v1/folders/" + seg, null, null, false));
            cases.add(new Case("folder images", "GET", "/v1/folders/" + seg + "/images", null, null, false));
            cases.add(new Case("folder delete", "DELETE", "/v1/folders/" + seg, null, null, true));
            cases.add(new Case("folder export", "POST", "/v1/folders/" + seg + "/export", null, null, true));
            cases.add(new Case("export id", "GET", "/v1/exports/" + seg, null, null, false));
            cases.add(new Case("gallery name", "GET", "/v1/galleries/" + seg, null, null, false));
            cases.add(new Case("gallery delete", "DELETE", "/v1/galleries/" + seg, null, null, true));
            cases.add(new Case("gallery image delete", "DELETE", "/v1/galleries/mx-gallery/images/" + seg, null,
                    null, true));
            cases.add(new Case("atom user", "GET", "/ws/customers/" + seg + "/library/folders", null, null, false));
            cases.add(new Case("atom folder", "GET", atom + "/" + seg, null, null, false));
            cases.add(new Case("atom folder images", "GET", atom + "/" + seg + "/images", null, null, false));
            cases.add(new Case("atom image", "GET", atom + "/mx-folder/images/" + seg, null, null, false));
            cases.add(new Case("atom image delete", "DELETE", atom + "/mx-folder/images/" + seg, null, null, true));
            cases.add(new Case("task", "GET", "/v1/task/" + seg, null, null, false));
            cases.add(new Case("task delete", "DELETE", "/v1/task/" + seg, null, null, true));
            cases.add(new Case("tool", "GET", "/v1/start/" + seg, null, null, true));
            cases.add(new Case("download", "GET", "/v1/download/" + seg, null, null, false));
            cases.add(new Case("upload delete", "DELETE", "/v1/upload/" + task + "/" + seg, null, null, true));
            cases.add(new Case("page", "GET", "/p/" + p + "/g/" + seg, null, null, false));
            cases.add(new Case("page project", "GET", "/p/" + seg + "/g/mx-gallery/player", null, null, false));
            cases.add(new Case("unlock", "POST", "/p/" + p + "/g/" + seg + "/unlock",
                    "application/x-www-form-urlencoded", utf8("view=page&password=abcd"), true));
        }

        // XML where XML is read: the Atom folder create and the Atom upload's metadata.
        for (String xml : xmlBombs()) {
            cases.add(new Case("atom folder create xml " + xml.length(), "POST", atom,
                    "application/atom+xml", utf8(xml), true));
            Multipart upload = new Multipart().part("metadata", null, "application/atom+xml", utf8(xml))
                    .part("file", "a.jpg", "image/jpeg", tinyJpeg());
            cases.add(new Case("atom upload xml " + xml.length(), "POST", atom + "/mx-folder/images",
                    upload.contentType(), upload.bytes(), true));
        }

        // Multipart: NUL, CR/LF, traversal and very long names; wrong content types.
        byte[] jpeg = tinyJpeg();
        for (String name : new String[]{"x\u0000.png", "a\r\nX-Injected: 1.jpg", longString(5_000) + ".jpg"}) {
            String raw = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                    + "Content-Type: image/jpeg\r\n\r\n";
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(raw.getBytes(StandardCharsets.UTF_8));
            body.write(jpeg);
            body.write("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
            for (String route : new String[]{"/v1/uploads", "/v1/galleries", "/v1/auth", "/v1/upload", "/v1/imports",
                    "/v1/galleries/mx-gallery/images"}) {
                cases.add(new Case("multipart file name " + name.length() + " to " + route, "POST", route,
                        "multipart/form-data; boundary=b", body.toByteArray(), true));
            }
        }
        for (String route : new String[]{"/v1/uploads", "/v1/imports", "/v1/upload"}) {
            cases.add(new Case("multipart without boundary", "POST", route, "multipart/form-data",
                    utf8("--b\r\n\r\n--b--"), true));
            cases.add(new Case("image as text/plain", "POST", route, "text/plain", jpeg, true));
            cases.add(new Case("image as octet-stream", "POST", route, "application/octet-stream", jpeg, true));
            cases.add(new Case("wrong boundary", "POST", route, "multipart/form-data; boundary=zz",
                    utf8("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nx\r\n--b--"),
                    true));
        }

        // ZIP imports whose entries climb out or carry control characters: refused whole.
        for (String entry : new String[]{"../evil.jpg", "/abs/evil.jpg", "a/../../evil.jpg", "a\u0000b.jpg",
                "a\r\nb.jpg", "..\\evil.jpg"}) {
            Multipart form = new Multipart().part("file", "photos.zip", "application/zip",
                    zip(Map.of(entry, jpeg)));
            cases.add(new Case("zip entry " + entry.length(), "POST", "/v1/imports", form.contentType(),
                    form.bytes(), true));
        }

        // The task API: wrong types and huge numbers at process; the gallery API: bad actions.
        for (String body : new String[]{"{\"task\": \"" + task + "\", \"tool\": \"resizeimage\", \"files\": \"x\"}",
                "{\"task\": \"" + task + "\", \"tool\": \"resizeimage\", \"files\": [{\"server_filename\": \"../x\"}]}",
                "{\"task\": \"" + longId + "\", \"tool\": \"resizeimage\"}",
                "{\"task\": \"" + task + "\", \"tool\": \"resizeimage\", \"pixels_width\": 1e999, \"files\": []}",
                "{\"task\": \"" + task + "\", \"tool\": \"resizeimage\", \"pixels_width\": -1, \"files\": []}",
                "{\"task\": [1, 2], \"tool\": {\"a\": 1}}"}) {
            cases.add(new Case("process " + body.length(), "POST", "/v1/process", "application/json", utf8(body),
                    true));
        }
        for (String query : new String[]{"action=%00", "action=create&title=" + longString(300),
                "action=create&image=" + longId, "action=add&g=mx-gallery&image=a%0d%0ab",
                "action=delete&g=%00", "action=edit&g=mx-gallery&security=%01", "g=" + longId,
                "g=mx-locked&password=" + longString(10_000), "action=create&image[]=../../x",
                "action=nope&action=create"}) {
            cases.add(new Case("gallery api " + head(query, 20), "POST",
                    "/gallery_api.php", "application/x-www-form-urlencoded", utf8(query), true));
        }
        return cases;
    }

    // ---------------------------------------------------------------- the run

    @Test
    void noMalformedRequestIsA5xxAndNoRefusedOneStoresAnything() throws Exception {
        List<Case> cases = cases();
        TreeSet<String> routes = new TreeSet<>();
        cases.forEach(c -> routes.add(c.route().replaceAll("/(%|\\.\\.|A{2000})[^/ ]*", "/{bad}")));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        assertThat(routes.size()).as(routes.toString()).isGreaterThanOrEqualTo(20);

        Map<String, Integer> before = stored();
        List<String> problems = new ArrayList<>();
        List<Map.Entry<Long, String>> timings = new ArrayList<>();
        long started = System.nanoTime();
        for (Case c : cases) {
            long sent = System.nanoTime();
            var response = HttpClients.sendBytes(cloud.baseUri(), c.method(), c.path(), cloud.token(),
                    c.contentType(), c.body(), Map.of());
            timings.add(Map.entry((System.nanoTime() - sent) / 1_000_000, c.label()));
            int status = response.statusCode();
            if (status >= 500 || (c.writes() && status < 400)) {
                problems.add(status + " for " + c.label() + " (" + c.method() + " "
                        + head(c.path(), 120) + "): "
                        + head(response.body(), 200));
            }
        }
        timings.sort(Map.Entry.<Long, String>comparingByKey().reversed());
        System.out.printf("[matrix] %d cases on %d method and path shapes in %d ms; slowest: %s%n", cases.size(), routes.size(),
                (System.nanoTime() - started) / 1_000_000, timings.subList(0, 8));
        assertThat(problems).as("%d cases", cases.size()).isEmpty();
        assertThat(stored()).isEqualTo(before);
    }

    /** How many items and objects of this project each table and bucket holds. */
    private static Map<String, Integer> stored() {
        String projectId = cloud.project().projectId();
        Map<String, Integer> counts = new java.util.TreeMap<>();
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb(); S3Client s3 = cloud.backend().s3()) {
            for (String table : new String[]{"ImagesTable", "GalleriesTable", "TasksTable"}) {
                int n = 0;
                for (var page : dynamo.scanPaginator(s -> s.tableName(cloud.provisioned().tableName(table)))) {
                    for (Map<String, AttributeValue> item : page.items()) {
                        if (item.values().stream().anyMatch(v -> v.s() != null && v.s().contains(projectId))) {
                            n++;
                        }
                    }
                }
                counts.put(table, n);
            }
            for (String bucket : new String[]{"ImageBucket", "TaskBucket"}) {
                int n = 0;
                for (var page : s3.listObjectsV2Paginator(l -> l.bucket(cloud.provisioned().bucketName(bucket)))) {
                    n += (int) page.contents().stream().filter(o -> o.key().contains(projectId)).count();
                }
                counts.put(bucket, n);
            }
        }
        return counts;
    }

    /**
     * Traversal and terminal escapes in a file name are not refused but reduced (to the last path segment, without
     * control characters), as browsers send names: what is stored never climbs out of its place or carries them.
     */
    @Test
    void traversalAndEscapesInFileNamesNeverReachWhatIsStored() throws Exception {
        byte[] jpeg = tinyJpeg();
        for (String name : new String[]{"../../etc/passwd.jpg", "..\\..\\win.jpg", "\u001b[2J.jpg",
                "a/../../b.jpg"}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                    + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(jpeg);
            body.write("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
            var answer = HttpClients.sendBytes(cloud.baseUri(), "POST", "/v1/uploads", cloud.token(),
                    "multipart/form-data; boundary=b", body.toByteArray(), Map.of());
            assertThat(answer.statusCode()).as(answer.body()).isLessThan(500);
            if (answer.statusCode() < 300) {
                String stored = json(answer).path("file_name").asText();
                assertThat(stored).as(name).doesNotContain("/").doesNotContain("\\").doesNotContain("..")
                        .doesNotContainPattern("\\p{Cntrl}");
            }
        }
        var url = cloud.postJson("/v1/uploads/url", "{\"file_name\": \"../../a.jpg\", \"size\": 10, \"md5\": \""
                + "0".repeat(32) + "\"}");
        assertThat(url.statusCode()).as(url.body()).isLessThan(500);
        if (url.statusCode() < 300) {
            assertThat(json(url).path("upload_url").asText()).doesNotContain("..");
        }
    }

    @Test
    void theBrowserTokenRouteIsNotAWayAroundTheRules() throws Exception {
        String browser = TokenIssuer.browserToken(cloud.project(), java.time.Clock.systemUTC());
        var response = HttpClients.sendBytes(cloud.baseUri(), "GET", "/v1/folders/" + "A".repeat(2_100) + "/images",
                browser, null, null, Map.of());
        assertThat(response.statusCode()).isBetween(400, 499);
    }
}
