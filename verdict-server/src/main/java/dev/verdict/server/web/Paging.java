package dev.verdict.server.web;

import dev.verdict.core.paging.Page;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Links to a list's previous and next pages, keeping its filters. */
public record Paging(int page, String previous, String next) {
    private static final Pattern PAGE = Pattern.compile("([?&])page=[^&]*&?");

    static Paging of(Page<?> page, String pathAndQuery) {
        int number = page.request().page();
        return new Paging(
                number,
                number > 1 ? withPage(pathAndQuery, number - 1) : null,
                page.hasNext() ? withPage(pathAndQuery, number + 1) : null);
    }

    static String withPage(String pathAndQuery, int page) {
        Matcher m = PAGE.matcher(pathAndQuery);
        String without = m.replaceAll("$1").replaceAll("[?&]$", "");
        return without + (without.contains("?") ? "&" : "?") + "page=" + page;
    }

    public boolean any() {
        return previous != null || next != null;
    }
}
