package org.tocsin.intel;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bar chart of sightings over time, as plain numbers for the page's SVG: the server draws it,
 * so the page needs no script (the CSP allows none) and reads the same without one.
 *
 * @param width the drawing's width, in SVG units
 * @param height the drawing's height
 * @param baseline the y of the axis the bars stand on
 * @param max the value of the highest bar (the top of the scale)
 * @param bars one bar per day, oldest first
 * @param labels the dates written under the axis
 */
record SightingChart(int width, int height, int baseline, long max, List<Bar> bars, List<Label> labels) {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int TOP = 16;
    private static final int BOTTOM = 28;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.UK);

    /** One day's bar, with the text a reader's tooltip or screen reader gives. */
    record Bar(int x, int y, int width, int height, String title) {}

    /** A date under the axis, centred on {@code x}. */
    record Label(int x, String text) {}

    static SightingChart of(List<Sightings.ByDay> days) {
        long max = 1;
        for (var d : days) {
            max = Math.max(max, d.matches());
        }
        int plot = WIDTH - LEFT - 8;
        int baseline = HEIGHT - BOTTOM;
        int slot = Math.max(1, plot / Math.max(1, days.size()));
        int barWidth = Math.max(1, slot * 3 / 4);
        var bars = new ArrayList<Bar>();
        var labels = new ArrayList<Label>();
        int every = Math.max(1, days.size() / 6);
        for (int i = 0; i < days.size(); i++) {
            var d = days.get(i);
            int h = (int) Math.round((double) d.matches() * (baseline - TOP) / max);
            int x = LEFT + i * slot + (slot - barWidth) / 2;
            bars.add(new Bar(x, baseline - h, barWidth, h, DAY.format(d.day()) + ": seen " + d.matches()
                    + (d.matches() == 1 ? " time" : " times") + " in " + d.sightings()
                    + (d.sightings() == 1 ? " sighting" : " sightings")));
            if (i % every == 0 || i == days.size() - 1) {
                labels.add(new Label(x + barWidth / 2, DAY.format(d.day())));
            }
        }
        return new SightingChart(WIDTH, HEIGHT, baseline, max, bars, labels);
    }

    /** The x where the plot starts (the axis). */
    public int left() {
        return LEFT;
    }

    /** The y of the top of the scale. */
    public int top() {
        return TOP;
    }
}
