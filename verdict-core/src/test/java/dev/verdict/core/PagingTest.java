package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PagingTest {
    @Test
    void absentValuesMeanPageOneOf30() {
        assertThat(PageRequest.parse(null, null)).isEqualTo(new PageRequest(1, 30));
        assertThat(PageRequest.parse("", " ")).isEqualTo(new PageRequest(1, 30));
    }

    @Test
    void valuesOutOfRangeOrNotWholeNumbersAreBadRequests() {
        for (String[] bad : new String[][] {{"0", "30"}, {"1", "0"}, {"1", "101"}, {"x", "30"}, {"1", "2.5"}}) {
            assertThatThrownBy(() -> PageRequest.parse(bad[0], bad[1])).isInstanceOf(BadRequest.class);
        }
    }

    @Test
    void aPageKnowsWhetherMoreFollowFromTheExtraRow() {
        PageRequest request = new PageRequest(2, 2);

        Page<Integer> more = Page.fromFetched(request, List.of(3, 4, 5), OptionalLong.empty());
        Page<Integer> end = Page.fromFetched(request, List.of(3), OptionalLong.of(3));

        assertThat(more.items()).containsExactly(3, 4);
        assertThat(more.hasNext()).isTrue();
        assertThat(more.lastPage()).isEmpty();
        assertThat(end.hasNext()).isFalse();
        assertThat(end.lastPage()).hasValue(2);
        assertThat(request.offset()).isEqualTo(2);
    }

    @Test
    void aListHeldWholeIsSlicedIntoItsPages() {
        List<Integer> all = List.of(1, 2, 3, 4, 5);
        Page<Integer> first = Page.slice(new PageRequest(1, 2), all);
        Page<Integer> last = Page.slice(new PageRequest(3, 2), all);
        Page<Integer> past = Page.slice(new PageRequest(9, 2), all);

        assertThat(first.items()).containsExactly(1, 2);
        assertThat(first.hasNext()).isTrue();
        assertThat(first.lastPage()).hasValue(3);
        assertThat(last.items()).containsExactly(5);
        assertThat(last.hasNext()).isFalse();
        assertThat(past.items()).isEmpty();
        assertThat(past.hasNext()).isFalse();
    }
}
