package org.tocsin.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.Tag;

import org.tocsin.intel.ObjectQuery;
import org.tocsin.taxii.TaxiiController.TaxiiError;

/**
 * A Jazzer fuzz test of the TAXII query parameters: any names and values either give a query
 * within the server's bounds or a 400 with a readable message — never another exception, never a
 * page larger than the maximum, never a negative position. In the normal build it replays the
 * inputs in {@code TaxiiFiltersFuzzTestsInputs/readsOrRefusesCleanly}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
@Tag("fuzz")
class TaxiiFiltersFuzzTests {

    private static final List<String> NAMES = List.of("added_after", "limit", "next", "match[id]", "match[type]",
            "match[version]", "match[spec_version]");

    @FuzzTest(maxDuration = "60s")
    void readsOrRefusesCleanly(FuzzedDataProvider data) {
        var params = new LinkedHashMap<String, String>();
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            var name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(20);
            params.put(name, data.consumeString(200));
        }
        var ids = data.consumeBoolean() ? List.<String>of() : List.of(data.consumeString(60));
        try {
            ObjectQuery query = TaxiiFilters.query(params, ids);
            assertThat(query.limit()).isBetween(1, ObjectQuery.MAX_LIMIT);
            assertThat(query.after()).isNotNegative();
            assertThat(query.ids()).containsAll(ids).size().isLessThanOrEqualTo(TaxiiFilters.MAX_VALUES + 1);
            assertThat(query.types()).allMatch(type -> !type.isBlank() && type.equals(type.strip()));
            assertThat(query.versions()).allMatch(version -> !version.isBlank());
        } catch (TaxiiError e) {
            assertThat(e.status).isEqualTo(400);
            assertThat(e.description).isNotBlank().doesNotContainPattern("\\p{Cntrl}");
        }
    }
}
