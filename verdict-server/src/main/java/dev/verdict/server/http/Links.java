package dev.verdict.server.http;

import dev.verdict.core.paging.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/**
 * The pagination Link header, RFC 8288 as GitHub and Buildkite write it:
 * {@code <https://host/path?page=3&per_page=30>; rel="next", <...>; rel="last"}. Links are absolute,
 * built on the public URL, and keep every other query parameter of the request.
 */
public final class Links {
    private final String publicUrl;

    public Links(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    Optional<String> header(String path, Fields query, Page<?> page) {
        int current = page.request().page();
        List<String> links = new ArrayList<>();
        if (page.hasNext()) {
            links.add(link(path, query, page, current + 1, "next"));
            page.lastPage().ifPresent(last -> links.add(link(path, query, page, (int) last, "last")));
        }
        if (current > 1) {
            links.add(link(path, query, page, 1, "first"));
            int prev = (int) Math.min(current - 1, page.lastPage().orElse(current - 1));
            links.add(link(path, query, page, prev, "prev"));
        }
        return links.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", links));
    }

    private String link(String path, Fields query, Page<?> page, int target, String rel) {
        StringBuilder url = new StringBuilder(publicUrl).append(path);
        char separator = '?';
        for (Fields.Field field : query) {
            if (field.getName().equals("page") || field.getName().equals("per_page")) {
                continue;
            }
            for (String value : field.getValues()) {
                url.append(separator)
                        .append(encode(field.getName()))
                        .append('=')
                        .append(encode(value));
                separator = '&';
            }
        }
        url.append(separator)
                .append("page=")
                .append(target)
                .append("&per_page=")
                .append(page.request().perPage());
        return "<" + url + ">; rel=\"" + rel + "\"";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
