package io.toolgate.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TermsTest {

    @Test
    void splitsNamesAndProse() {
        assertThat(Terms.of("get-issueComments_v2 by ID")).containsExactly("get", "issue", "comment", "v2", "by", "id");
    }

    @Test
    void stems() {
        assertThat(Terms.stem("queries")).isEqualTo("query");
        assertThat(Terms.stem("boxes")).isEqualTo("box");
        assertThat(Terms.stem("status")).isEqualTo("status");
        assertThat(Terms.stem("address")).isEqualTo("address");
    }

    @Test
    void oneEdit() {
        assertThat(Terms.withinOneEdit("contact", "contcat")).isTrue();
        assertThat(Terms.withinOneEdit("contact", "contat")).isTrue();
        assertThat(Terms.withinOneEdit("contact", "contacts")).isTrue();
        assertThat(Terms.withinOneEdit("contact", "kontakt")).isFalse();
    }
}
