package dev.loupe.core.http;

/**
 * Text made safe inside HTML elements and double-quoted attribute values: the five characters that can end or start
 * markup. The one escaper of Loupe's HTML, for the public pages and the mail alike.
 */
public final class HtmlText {
    private HtmlText() {
    }

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
