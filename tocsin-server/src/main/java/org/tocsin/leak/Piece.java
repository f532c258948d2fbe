package org.tocsin.leak;

import java.util.List;

/** A piece of a part of a document: text every copy shares, or one occurrence of a slot. */
sealed interface Piece {

    /** Text identical in every copy. */
    record Fixed(String text) implements Piece {}

    /**
     * Where slot {@code slot} shows: its variants here (a spelling family has different words at
     * each occurrence, all switching together) and the one the author wrote.
     */
    record Occurrence(int slot, List<String> variants, int original) implements Piece {}
}
