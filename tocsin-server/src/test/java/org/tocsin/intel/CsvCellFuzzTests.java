package org.tocsin.intel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.Tag;

/**
 * A Jazzer fuzz test of the CSV export's cell writer: whatever the value, the cell is one quoted
 * RFC 4180 field that reads back to the value (with a leading {@code '} added only to defuse a
 * formula), and no spreadsheet can take it for a formula. In the normal build it replays the inputs
 * in {@code CsvCellFuzzTestsInputs/neverAFormula}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
@Tag("fuzz")
class CsvCellFuzzTests {

    @FuzzTest(maxDuration = "60s")
    void neverAFormula(String value) {
        if (value == null) {
            return;
        }
        var cell = Exports.cell(value);
        assertThat(cell).startsWith("\"").endsWith("\"").hasSizeGreaterThanOrEqualTo(2);
        var inner = cell.substring(1, cell.length() - 1);
        assertThat(inner.replace("\"\"", "")).as("every quote inside is doubled").doesNotContain("\"");
        var read = inner.replace("\"\"", "\"");
        assertThat(read.equals(value) || read.equals("'" + value)).as("reads back to the value: %s", cell).isTrue();
        var start = read.replaceFirst("^[\\s\\u0000-\\u001f]+", "");
        assertThat(start.isEmpty() || "=+-@".indexOf(start.charAt(0)) < 0).as("no formula: %s", cell).isTrue();
        assertThat(read.isEmpty() || "\t\r\n\u0000".indexOf(read.charAt(0)) < 0).as("no control first: %s", cell).isTrue();
    }
}
