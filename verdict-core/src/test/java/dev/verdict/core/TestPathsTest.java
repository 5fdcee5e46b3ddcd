package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paths as the repository names them, whatever the runner wrote, and the path owners match. */
class TestPathsTest {
    @Test
    void theDirectoryTheTestsRanInIsTakenOff() {
        assertThat(TestPaths.inCheckout("/work/shop", null, null, "/work/shop/src/a.test.js"))
                .isEqualTo("src/a.test.js");
        assertThat(TestPaths.inCheckout("/work/shop/", "packages/web", null, "/work/shop/src/a.test.js:3"))
                .isEqualTo("packages/web/src/a.test.js:3");
    }

    @Test
    void anAbsoluteLocationPrefixIsTakenOffAndARelativeOnePutInFront() {
        assertThat(TestPaths.inCheckout(null, "/home/ci/shop", null, "/home/ci/shop/spec/a_spec.rb:4"))
                .isEqualTo("spec/a_spec.rb:4");
        assertThat(TestPaths.inCheckout(null, "packages/web", null, "./src/a.test.js"))
                .isEqualTo("packages/web/src/a.test.js");
        assertThat(TestPaths.inCheckout(null, "packages/web", null, "/elsewhere/a.test.js"))
                .as("an absolute path that nothing explains is kept as it is")
                .isEqualTo("/elsewhere/a.test.js");
    }

    @Test
    void anUploadsAbsolutePathsAreMadeRelativeToTheCheckoutTheyShare() {
        assertThat(root("/ci/b/shop/src/cart/a.test.js", "/ci/b/shop/tests/b.test.js:9", "relative.js"))
                .isEqualTo("/ci/b/shop/");
        assertThat(root("/ci/b/shop/src/cart/a.test.js", "/ci/b/shop/src/cart/b.test.js"))
                .as("all in one folder: the checkout ends where the repository's own folders begin")
                .isEqualTo("/ci/b/shop/");
        assertThat(root("/ci/shop/packages/web/src/a.test.js")).isEqualTo("/ci/shop/");
        assertThat(root("/src/a.test.js")).isNull();
        assertThat(root("spec/a_spec.rb")).isNull();
        assertThat(TestPaths.inCheckout(null, null, "/ci/b/shop/", "/ci/b/shop/src/cart/a.test.js"))
                .isEqualTo("src/cart/a.test.js");
    }

    static String root(String... paths) {
        return TestPaths.checkoutRoot(Arrays.asList(paths));
    }

    @Test
    void reportsWithoutAFileAreOwnedByAPathMadeFromTheirClassOrModule() {
        assertThat(TestPaths.owned(null, null, "com.acme.CartTest")).isEqualTo("com/acme/CartTest.java");
        assertThat(TestPaths.owned(null, null, "com.acme.CartTest$Totals")).isEqualTo("com/acme/CartTest.java");
        assertThat(TestPaths.owned(null, null, "com.acme.CartTest.Totals")).isEqualTo("com/acme/CartTest.java");
        assertThat(TestPaths.owned(null, null, "tests.test_cart")).isEqualTo("tests/test_cart.py");
        assertThat(TestPaths.owned(null, null, "tests.test_cart.TestTotals")).isEqualTo("tests/test_cart.py");
        assertThat(TestPaths.owned(null, null, "app.cart_test")).isEqualTo("app/cart_test.py");
        assertThat(TestPaths.owned(null, null, "CartTest")).isEqualTo("CartTest.java");
        assertThat(TestPaths.owned("spec/a_spec.rb", "spec/a_spec.rb:3", "Cart"))
                .isEqualTo("spec/a_spec.rb");
        assertThat(TestPaths.owned(null, "spec/a_spec.rb:3", "Cart")).isEqualTo("spec/a_spec.rb:3");
        for (String scope : List.of("", "Cart adds items", "describe > it")) {
            assertThat(TestPaths.owned(null, null, scope)).as(scope).isEmpty();
        }
    }
}
