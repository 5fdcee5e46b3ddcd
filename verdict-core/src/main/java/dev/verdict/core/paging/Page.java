package dev.verdict.core.paging;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One page of a list. {@code total} is known only where counting is cheap; without it the Link
 * header has no {@code last}, which Buildkite's clients accept ("zero or more" relations).
 */
public record Page<T>(PageRequest request, List<T> items, boolean hasNext, OptionalLong total) {

    /** Builds a page from up to {@code fetchLimit()} rows, as a store fetched them. */
    public static <T> Page<T> fromFetched(PageRequest request, List<T> fetched, OptionalLong total) {
        boolean more = fetched.size() > request.perPage();
        List<T> items = more ? List.copyOf(fetched.subList(0, request.perPage())) : List.copyOf(fetched);
        return new Page<>(request, items, more, total);
    }

    /** The requested page of a list held whole (one short enough to be read whole), with its total. */
    public static <T> Page<T> slice(PageRequest request, List<T> all) {
        int from = (int) Math.min(all.size(), request.offset());
        int to = Math.min(all.size(), from + request.perPage());
        return new Page<>(request, List.copyOf(all.subList(from, to)), to < all.size(), OptionalLong.of(all.size()));
    }

    public OptionalLong lastPage() {
        if (total.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, (total.getAsLong() + request.perPage() - 1) / request.perPage()));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(request, items.stream().map(mapper).toList(), hasNext, total);
    }
}
