package dev.loupe.core.http;

import java.util.Locale;

/** The two representations every API family answers in: JSON by default, XML when {@code Accept} prefers it. */
public enum Format {
    JSON("application/json"), XML("application/xml");

    private final String contentType;

    Format(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * The format an {@code Accept} header prefers, honouring q-values: XML only when an XML type ranks strictly above
     * JSON; ties, wildcards, absent or unparseable headers give JSON.
     */
    public static Format preferredBy(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        double json = 0;
        double xml = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml")) {
                xml = Math.max(xml, q);
            } else if (type.equals("application/json") || type.endsWith("+json") || type.equals("*/*")
                    || type.equals("application/*")) {
                json = Math.max(json, q);
            }
        }
        return xml > json ? XML : JSON;
    }
}
