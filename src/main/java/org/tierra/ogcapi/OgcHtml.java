package org.tierra.ogcapi;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The OGC API's pages for people: plain, accessible HTML with every value escaped, no script and no
 * style beyond the page's own (the Content-Security-Policy allows nothing else).
 */
final class OgcHtml {

    private OgcHtml() {}

    static String landing(Map<String, Object> landing) {
        StringBuilder body = new StringBuilder();
        body.append("<p>")
                .append(escape(String.valueOf(landing.get("description"))))
                .append("</p>\n<ul>\n");
        for (Object item : (List<?>) landing.get("links")) {
            Map<?, ?> link = (Map<?, ?>) item;
            body.append("<li><a href=\"")
                    .append(escape(String.valueOf(link.get("href"))))
                    .append("\">")
                    .append(escape(String.valueOf(link.get("title"))))
                    .append("</a></li>\n");
        }
        return page("Tierra – OGC API", body.append("</ul>").toString());
    }

    static String list(String title, List<String> items) {
        StringBuilder body = new StringBuilder("<ul>\n");
        items.forEach(item -> body.append("<li><code>").append(escape(item)).append("</code></li>\n"));
        return page(title, body.append("</ul>").toString());
    }

    static String collections(List<Map<String, Object>> collections) {
        StringBuilder body = new StringBuilder();
        for (Map<String, Object> collection : collections) {
            body.append("<h2>")
                    .append(escape(String.valueOf(collection.get("title"))))
                    .append("</h2>\n<p>")
                    .append(escape(String.valueOf(collection.get("description"))))
                    .append("</p>\n<ul>\n");
            for (Object item : (List<?>) collection.get("links")) {
                Map<?, ?> link = (Map<?, ?>) item;
                body.append("<li><a href=\"")
                        .append(escape(String.valueOf(link.get("href"))))
                        .append("\">")
                        .append(escape(String.valueOf(link.get("title"))))
                        .append("</a> (")
                        .append(escape(String.valueOf(link.get("type"))))
                        .append(")</li>\n");
            }
            body.append("</ul>\n");
        }
        return page("Collections", body.toString());
    }

    static String queryables(OgcCollection collection, Map<String, Object> schema) {
        StringBuilder body =
                new StringBuilder("<table>\n<tr><th>Queryable</th><th>Type</th><th>Description</th></tr>\n");
        collection.queryables().values().forEach(queryable -> body.append("<tr><td><code>")
                .append(escape(queryable.name()))
                .append("</code></td><td>")
                .append(escape(queryable.type().name()))
                .append("</td><td>")
                .append(escape(queryable.description()))
                .append("</td></tr>\n"));
        return page(
                "Queryables of " + collection.title(), body.append("</table>").toString());
    }

    static String items(OgcCollection collection, List<JsonNode> features, Map<String, String> links) {
        StringBuilder body = new StringBuilder("<p>");
        links.forEach((title, href) -> body.append("<a href=\"")
                .append(escape(href))
                .append("\">")
                .append(escape(title))
                .append("</a> "));
        body.append("</p>\n<table>\n<tr><th>id</th>");
        List<String> names =
                features.isEmpty() ? List.of() : fieldNames(features.get(0).path("properties"));
        names.forEach(name -> body.append("<th>").append(escape(name)).append("</th>"));
        body.append("</tr>\n");
        for (JsonNode feature : features) {
            String id = feature.path("id").asString("");
            body.append("<tr><td><a href=\"items/")
                    .append(escape(id))
                    .append("?f=html\">")
                    .append(escape(id))
                    .append("</a></td>");
            names.forEach(name -> body.append("<td>")
                    .append(escape(text(feature.path("properties").path(name))))
                    .append("</td>"));
            body.append("</tr>\n");
        }
        return page(
                collection.title() + " – " + features.size() + " features",
                body.append("</table>").toString());
    }

    static String item(OgcCollection collection, JsonNode feature, String href) {
        StringBuilder body =
                new StringBuilder("<p><a href=\"").append(escape(href)).append("?f=json\">GeoJSON</a></p>\n<table>\n");
        for (String name : fieldNames(feature.path("properties"))) {
            body.append("<tr><th>")
                    .append(escape(name))
                    .append("</th><td>")
                    .append(escape(text(feature.path("properties").path(name))))
                    .append("</td></tr>\n");
        }
        return page(
                collection.title() + " " + feature.path("id").asString(""),
                body.append("</table>").toString());
    }

    private static List<String> fieldNames(JsonNode object) {
        return object.isObject() ? List.copyOf(object.propertyNames()) : List.of();
    }

    private static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "" : value.isString() ? value.asString() : value.toString();
    }

    private static String page(String title, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\n<body>\n<h1>"
                + escape(title) + "</h1>\n" + body
                + "\n<p><a href=\"/ogc\">OGC API</a> · <a href=\"/\">Map</a></p>\n</body></html>\n";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
