package dev.verdict.server.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a page answers: a status, an HTML body (or none) and headers. */
record WebReply(int status, String html, Map<String, String> headers) {
    static WebReply page(String html) {
        return new WebReply(200, html, Map.of());
    }

    static WebReply status(int status, String html) {
        return new WebReply(status, html, Map.of());
    }

    /** After a form: 303, so the browser loads the page with GET and a reload does not post again. */
    static WebReply redirect(String location) {
        return new WebReply(303, null, Map.of("Location", location));
    }

    WebReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new WebReply(status, html, Map.copyOf(more));
    }
}
