package org.tocsin.intel;

import java.util.List;

/**
 * The outcome of importing a stream of objects: all of them stored (or already there), or none.
 * Unlike {@link IngestResult} it does not list every object, so that it stays small for an
 * import of millions.
 *
 * @param read the objects read
 * @param added the new object versions stored
 * @param unchanged the objects that were already stored, or came twice (storing them changed nothing)
 * @param marked the objects without a TLP marking that were given the importer's default label
 * @param refused the objects refused; when there are any, nothing is stored
 * @param problems what was wrong: the first refused objects, or the bundle itself (id
 *        {@code bundle}) when it is not well-formed; empty when everything was stored
 */
public record ImportSummary(long read, long added, long unchanged, long marked, long refused,
        List<IngestResult.Item> problems) {

    public ImportSummary {
        problems = List.copyOf(problems);
    }

    /** Whether the import was stored: nothing was refused and the bundle was well-formed. */
    public boolean stored() {
        return problems.isEmpty();
    }
}
