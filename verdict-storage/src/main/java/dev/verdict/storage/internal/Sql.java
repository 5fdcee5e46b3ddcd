package dev.verdict.storage.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conditions and their bound values, gathered while reading a filter; values are always bound. */
final class Sql {
    private final List<String> where = new ArrayList<>();
    private final List<String> having = new ArrayList<>();
    private final Map<String, Object> binds = new LinkedHashMap<>();
    private int names;

    /** A fresh parameter name bound to {@code value}, for conditions built in a loop. */
    String bind(Object value) {
        String name = "p" + names++;
        binds.put(name, value);
        return name;
    }

    void where(String condition) {
        where.add(condition);
    }

    void where(String condition, String name, Object value) {
        where.add(condition);
        binds.put(name, value);
    }

    void having(String condition) {
        having.add(condition);
    }

    String where() {
        return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    }

    String having() {
        return having.isEmpty() ? "" : " HAVING " + String.join(" AND ", having);
    }

    Map<String, Object> binds() {
        return binds;
    }
}
