package org.tocsin.stix.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tocsin.stix.Bundle;
import org.tocsin.stix.StixObject;
import org.tocsin.stix.Validation;

class BundleReaderTests {

    private static final String ID = "bundle--44af6c39-c09b-49c5-9de2-394224b04982";

    /**
     * A bundle of indicators made as it is read, never held whole, which records where each object
     * ends so that a test can tell how far ahead of the objects the reader has read.
     */
    static final class GeneratedBundle extends InputStream {
        private final int objects;
        final long[] endOfObject;
        private byte[] chunk;
        private int inChunk;
        private int next = -1;
        private long produced;
        long consumed;

        GeneratedBundle(int objects) {
            this.objects = objects;
            this.endOfObject = new long[objects];
            this.chunk = ("{\"type\":\"bundle\",\"id\":\"" + ID + "\",\"objects\":[").getBytes(StandardCharsets.UTF_8);
        }

        private boolean refill() {
            if (next >= objects) {
                return false;
            }
            produced += chunk.length;
            next++;
            String text;
            if (next == objects) {
                text = "]}";
            } else {
                UUID uuid = new UUID(0x1234_5678_9abc_4defL, 0x8000_0000_0000_0000L | next);
                text = (next == 0 ? "" : ",") + "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + uuid
                        + "\",\"created\":\"2016-05-12T08:17:27.000Z\",\"modified\":\"2016-05-12T08:17:27.000Z\","
                        + "\"pattern\":\"[ipv4-addr:value = '10." + (next >> 16) + "." + ((next >> 8) & 255) + "." + (next & 255)
                        + "']\",\"pattern_type\":\"stix\",\"valid_from\":\"2016-05-12T08:17:27Z\",\"labels\":[\"generated\"]}";
            }
            chunk = text.getBytes(StandardCharsets.UTF_8);
            if (next < objects) {
                endOfObject[next] = produced + chunk.length;
            }
            inChunk = 0;
            return true;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            while (inChunk == chunk.length) {
                if (!refill()) {
                    return -1;
                }
            }
            int n = Math.min(length, chunk.length - inChunk);
            System.arraycopy(chunk, inChunk, buffer, offset, n);
            inChunk += n;
            consumed += n;
            return n;
        }
    }

    @Test
    void streamsFiftyThousandObjectsReadingOnlyAFewKilobytesAheadOfTheObjectReturned() {
        GeneratedBundle input = new GeneratedBundle(50_000);
        long furthestAhead = 0;
        int count = 0;

        try (BundleReader reader = BundleReader.open(input)) {
            while (reader.hasNext()) {
                StixObject object = reader.next();
                assertThat(object.type()).isEqualTo("indicator");
                furthestAhead = Math.max(furthestAhead, input.consumed - input.endOfObject[count]);
                count++;
            }
            assertThat(reader.bundleId()).contains(ID);
            assertThat(reader.count()).isEqualTo(50_000);
        }

        assertThat(count).isEqualTo(50_000);
        // Jackson reads in blocks of 8,000 bytes; the whole bundle is about 15 MB.
        assertThat(input.endOfObject[49_999]).isGreaterThan(14_000_000);
        assertThat(furthestAhead).isLessThan(64 * 1024);
    }

    @Test
    void readsTheGeneratedObjectsAsValidIndicators() {
        try (BundleReader reader = BundleReader.open(new GeneratedBundle(100))) {
            List<StixObject> objects = new ArrayList<>();
            reader.forEachRemaining(objects::add);
            assertThat(objects).hasSize(100).allSatisfy(o -> assertThat(Validation.check(o)).isEmpty());
        }
    }

    @Test
    void readsTheBundlePropertiesInAnyOrderAndSkipsOthers() {
        String json = "{\"objects\":[{\"type\":\"x-a\",\"id\":\"x-a--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"}],"
                + "\"spec_version\":\"2.0\",\"x_note\":{\"deep\":[1,2,3]},\"id\":\"" + ID + "\",\"type\":\"bundle\"}";

        Bundle bundle = StixJson.readBundle(json);

        assertThat(bundle.id()).isEqualTo(ID);
        assertThat(bundle.objects()).extracting(StixObject::type).containsExactly("x-a");
    }

    @Test
    void readsABundleWithNoObjects() {
        assertThat(StixJson.readBundle("{\"type\":\"bundle\",\"id\":\"" + ID + "\"}").objects()).isEmpty();
    }

    @Test
    void refusesDocumentsThatAreNotBundlesSayingWhatWasFoundAndWhere() {
        assertRefused("", "the document is empty");
        assertRefused("[]", "line 1, column 1: expected a bundle, {\"type\": \"bundle\", …}, but found a list");
        assertRefused("{\"type\":\"report\",\"id\":\"" + ID + "\"}",
                "line 1, column 9 at type: expected \"type\": \"bundle\" but found the string \"report\"");
        assertRefused("{\"type\":\"bundle\",\"id\":5}", "at id: expected the bundle id, a string, but found a number");
        assertRefused("{\"type\":\"bundle\",\"id\":\"" + ID + "\",\"objects\":{}}",
                "at objects: expected a list of objects, […], but found an object");
        assertRefused("{\"type\":\"bundle\",\"id\":\"" + ID + "\",\"objects\":[{\"type\":\"x-a\"},\n \"indicator\"]}",
                "line 2, column 2 at objects[1]: expected a STIX object, {…}, but found the string \"indicator\"");
        assertRefused("{\"id\":\"" + ID + "\",\"objects\":[]}", "the bundle has no \"type\": \"bundle\"");
        assertRefused("{\"type\":\"bundle\",\"objects\":[]}", "the bundle has no \"id\"");
        assertRefused("{\"type\":\"bundle\",\"id\":\"" + ID + "\"} []", "unexpected content after the end of the bundle");
        assertRefused("{\"type\":\"bundle\",\"id\":\"" + ID + "\",\"objects\":[{\"type\":\"x-a\",\n\"x_list\":[1,2",
                "line 2, column 14");
    }

    @Test
    void returnsTheObjectsBeforeAProblemLaterInTheDocument() {
        String json = "{\"type\":\"bundle\",\"id\":\"" + ID + "\",\"objects\":[{\"type\":\"x-a\"},{\"type\":\"x-b\"}],\"id\":\"again\"}";
        List<String> types = new ArrayList<>();

        try (BundleReader reader = BundleReader.open(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
            assertThatThrownBy(() -> reader.forEachRemaining(o -> types.add(o.type())))
                    .isInstanceOf(StixJsonException.class)
                    .hasMessageContaining("Duplicate Object property \"id\"");
            assertThatThrownBy(reader::hasNext).isInstanceOf(IllegalStateException.class);
        }
        assertThat(types).containsExactly("x-a", "x-b");
    }

    @Test
    void refusesADocumentLongerThanTheLimit() {
        ReadLimits limits = new ReadLimits(10_000, 64, 1_000_000, 1_000_000, 1_000_000);

        assertThatThrownBy(() -> drain(new GeneratedBundle(1_000), limits))
                .isInstanceOf(StixJsonException.class)
                .hasMessageContaining("Document length")
                .hasMessageContaining("exceeds the maximum allowed (10000")
                .hasMessageNotContaining("StreamReadConstraints");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "[".repeat(100_000);
        String json = "{\"type\":\"bundle\",\"id\":\"" + ID + "\",\"objects\":[{\"type\":\"x-a\",\"x_deep\":" + deep;

        assertThatThrownBy(() -> drain(json, ReadLimits.DEFAULT))
                .isInstanceOf(StixJsonException.class)
                .hasMessageContaining("Document nesting depth (65) exceeds the maximum allowed (64")
                .hasMessageContaining("objects[0].x_deep");
    }

    @Test
    void refusesAStringLongerThanTheLimit() {
        ReadLimits limits = new ReadLimits(1 << 30, 64, 1_000, 1_000_000, 1 << 20);
        String json = "{\"type\":\"bundle\",\"id\":\"" + ID + "\",\"objects\":[{\"type\":\"x-a\",\"x_text\":\""
                + "a".repeat(5_000) + "\"}]}";

        assertThatThrownBy(() -> drain(json, limits))
                .isInstanceOf(StixJsonException.class)
                .hasMessageContaining("String value length")
                .hasMessageContaining("exceeds the maximum allowed (1000");
    }

    @Test
    void refusesMoreObjectsThanTheLimitAfterReadingThatMany() {
        ReadLimits limits = new ReadLimits(1 << 30, 64, 1_000, 10, 1 << 20);
        List<StixObject> read = new ArrayList<>();

        try (BundleReader reader = BundleReader.open(new GeneratedBundle(11), limits)) {
            assertThatThrownBy(() -> reader.forEachRemaining(read::add))
                    .isInstanceOf(StixJsonException.class)
                    .hasMessageContaining("at objects[10]: the bundle has more than 10 objects");
        }
        assertThat(read).hasSize(10);
    }

    @Test
    void refusesAnObjectLargerThanTheLimitNamingIt() {
        ReadLimits limits = new ReadLimits(1 << 30, 64, 1_000_000, 1_000, 1_000);
        String json = "{\"type\":\"bundle\",\"id\":\"" + ID + "\",\"objects\":[{\"type\":\"x-a\"},{\"type\":\"x-a\",\"x_list\":["
                + "\"0123456789\",".repeat(200) + "\"end\"]}]}";

        assertThatThrownBy(() -> drain(json, limits))
                .isInstanceOf(StixJsonException.class)
                .hasMessageContaining("objects[1].x_list")
                .hasMessageContaining("object is larger than 1000 bytes");
    }

    @Test
    void writesABundleThatReadsBackToTheSameObjects() {
        Bundle bundle = StixJsonTests.everyType();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (BundleWriter writer = BundleWriter.open(out, bundle.id())) {
            bundle.objects().forEach(writer::write);
        }

        assertThat(StixJson.readBundle(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(bundle);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(StixJson.write(bundle));
    }

    @Test
    void writesAnEmptyBundleWithoutAnObjectsList() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        BundleWriter.open(out, ID).close();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"bundle\",\"id\":\"" + ID + "\"}");
    }

    @Test
    void refusesBytesThatAreNoTextAsTheDocumentsFault() {
        // Found by BundleFuzzTests: byte patterns Jackson takes for UTF-32 but that encode nothing.
        byte[] notText = {0, 0, 0, 0, 0, 0, 0, 0, 's', '"', ':', '[', '{'};

        assertThatThrownBy(() -> drain(new ByteArrayInputStream(notText), ReadLimits.DEFAULT))
                .isInstanceOf(StixJsonException.class)
                .hasMessageContaining("not text in UTF-8, UTF-16 or UTF-32");
    }

    @Test
    void reportsAFailureOfTheInputItselfAsAnInputFailure() {
        InputStream breaksOff = new InputStream() {
            private final InputStream start = new ByteArrayInputStream("{\"type\":\"bundle\",\"objects\":[".getBytes(StandardCharsets.UTF_8));

            @Override
            public int read() throws java.io.IOException {
                int b = start.read();
                if (b < 0) {
                    throw new java.io.IOException("the disk went away");
                }
                return b;
            }
        };

        assertThatThrownBy(() -> drain(breaksOff, ReadLimits.DEFAULT))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("the disk went away");
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> drain(json, ReadLimits.DEFAULT))
                .as(json)
                .isInstanceOf(StixJsonException.class)
                .hasMessageContaining(message);
    }

    private static void drain(String json, ReadLimits limits) {
        drain(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), limits);
    }

    private static void drain(InputStream in, ReadLimits limits) {
        try (BundleReader reader = BundleReader.open(in, limits)) {
            reader.forEachRemaining(object -> { });
        }
    }
}
