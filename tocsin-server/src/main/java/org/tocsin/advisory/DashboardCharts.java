package org.tocsin.advisory;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * The geometry of the dashboard's two charts, worked out here so that the page only places
 * shapes: the SVG has no script and no style attribute (the Content Security Policy allows
 * neither), its look comes from classes in {@code tocsin.css}, and every figure it draws is also
 * in a table beside it. Public only because the page's expressions can read public types alone.
 */
public final class DashboardCharts {

    /** A line chart of the cumulative counts since publication. */
    public record Progress(int width, int height, Frame frame, List<Series> series, List<Tick> xTicks, List<Tick> yTicks) {}

    /** The plotting area. */
    public record Frame(int left, int top, int right, int bottom) {}

    /** One line: its name for the legend, its class, its points as the {@code points} attribute wants them. */
    public record Series(String name, String css, String points, List<Marker> markers) {}

    /** A point on a line, with what it says for those who hover over it. */
    public record Marker(String x, String y, String label) {}

    /**
     * An axis tick at {@code position} (x or y, by axis), with its label (empty for an unlabelled
     * tick) and how the label is anchored: start, middle or end.
     */
    public record Tick(String position, String label, String anchor) {}

    /** Bars of the share of each group's recipients who viewed, acknowledged and acted. */
    public record Shares(int width, int height, Frame frame, List<Group> groups, List<Tick> xTicks) {}

    /** One group's name (drawn at {@code labelY}) and its three bars. */
    public record Group(String name, String labelY, List<Bar> bars) {}

    /** One bar, with the value written after it. */
    public record Bar(String css, String x, String y, String width, String height, String valueX, String valueY, String value,
            String label) {}

    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.UK);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("d MMM", Locale.UK);
    private static final int MAX_TIME_LABELS = 5;

    private DashboardCharts() {}

    /** The three series over time; the y axis runs from 0 to the number of recipients. */
    static Progress progress(Dashboard dashboard) {
        var frame = new Frame(56, 16, 700, 240);
        var points = dashboard.overTime();
        int total = Math.max(1, dashboard.total().recipients());
        var start = points.get(0).at();
        var span = Math.max(1, Duration.between(start, points.get(points.size() - 1).at()).toSeconds());
        var formatter = points.size() > 1 && Duration.between(points.get(0).at(), points.get(1).at()).toHours() >= 24
                ? DAYS : HOURS;

        var series = List.of(
                series("Viewed", "viewed", dashboard, frame, total, span, Dashboard.Point::viewed, formatter),
                series("Acknowledged", "acknowledged", dashboard, frame, total, span, Dashboard.Point::acknowledged,
                        formatter),
                series("Acted on", "acted", dashboard, frame, total, span, Dashboard.Point::acted, formatter));

        var xTicks = new ArrayList<Tick>();
        int every = Math.max(1, (points.size() + MAX_TIME_LABELS - 1) / MAX_TIME_LABELS);
        int last = points.size() - 1;
        for (int i = 0; i <= last; i++) {
            var at = points.get(i).at();
            // The last moment, now, is always labelled; a label too close before it is left out.
            boolean labelled = i == last || i % every == 0 && last - i >= every;
            xTicks.add(new Tick(x(frame, Duration.between(start, at).toSeconds(), span),
                    labelled ? formatter.format(at) + (i == last && i > 0 ? " (now)" : "") : "",
                    i == 0 ? "start" : i == last ? "end" : "middle"));
        }
        var yTicks = new ArrayList<Tick>();
        for (int value : yValues(dashboard.total().recipients())) {
            yTicks.add(new Tick(y(frame, value, total), Integer.toString(value), "end"));
        }
        return new Progress(720, 280, frame, series, List.copyOf(xTicks), List.copyOf(yTicks));
    }

    /** Bars for each group (sectors, say): the share of its recipients at each stage. */
    static Shares shares(List<Dashboard.Group> groups) {
        int bar = 12;
        int gap = 4;
        int groupHeight = 3 * bar + 2 * gap + 20;
        var frame = new Frame(180, 8, 640, 8 + groups.size() * groupHeight);
        var drawn = new ArrayList<Group>();
        for (int g = 0; g < groups.size(); g++) {
            var group = groups.get(g);
            var counts = group.counts();
            int top = frame.top() + g * groupHeight + 4;
            var bars = new ArrayList<Bar>();
            int[] values = {counts.viewed(), counts.acknowledged(), counts.acted()};
            String[] css = {"viewed", "acknowledged", "acted"};
            String[] names = {"viewed", "acknowledged", "acted on"};
            for (int i = 0; i < 3; i++) {
                int percent = counts.percent(values[i]);
                double width = (frame.right() - frame.left()) * percent / 100.0;
                int y = top + i * (bar + gap);
                bars.add(new Bar(css[i], number(frame.left()), number(y), number(width), number(bar),
                        number(frame.left() + width + 6), number(y + bar - 2), percent + " %",
                        group.name() + ": " + values[i] + " of " + counts.recipients() + " " + names[i]
                                + " (" + percent + " %)"));
            }
            drawn.add(new Group(group.name(), number(top + bar - 2), List.copyOf(bars)));
        }
        var xTicks = new ArrayList<Tick>();
        for (int percent = 0; percent <= 100; percent += 25) {
            xTicks.add(new Tick(number(frame.left() + (frame.right() - frame.left()) * percent / 100.0), percent + " %",
                    "middle"));
        }
        return new Shares(720, frame.bottom() + 28, frame, List.copyOf(drawn), List.copyOf(xTicks));
    }

    private static Series series(String name, String css, Dashboard dashboard, Frame frame, int total, long span,
            ToIntFunction<Dashboard.Point> value, DateTimeFormatter formatter) {
        var start = dashboard.overTime().get(0).at();
        var points = new StringBuilder();
        var markers = new ArrayList<Marker>();
        String previousY = null;
        for (var p : dashboard.overTime()) {
            var x = x(frame, Duration.between(start, p.at()).toSeconds(), span);
            var y = y(frame, value.applyAsInt(p), total);
            // A step at the end of each interval: the count is known to have risen by then, not how.
            if (previousY != null) {
                points.append(' ').append(x).append(',').append(previousY).append(' ');
            }
            points.append(x).append(',').append(y);
            previousY = y;
            markers.add(new Marker(x, y, name + " by " + formatter.format(p.at()) + ": " + value.applyAsInt(p)));
        }
        return new Series(name, css, points.toString(), List.copyOf(markers));
    }

    /** 0, the number of recipients, and up to three round values between. */
    static List<Integer> yValues(int total) {
        if (total <= 4) {
            var values = new ArrayList<Integer>();
            for (int v = 0; v <= total; v++) {
                values.add(v);
            }
            return values;
        }
        var values = new ArrayList<Integer>();
        values.add(0);
        for (int quarter = 1; quarter < 4; quarter++) {
            values.add((int) Math.round(total * quarter / 4.0));
        }
        values.add(total);
        return values.stream().distinct().toList();
    }

    private static String x(Frame frame, long seconds, long span) {
        return number(frame.left() + (frame.right() - frame.left()) * (double) seconds / span);
    }

    private static String y(Frame frame, int value, int total) {
        return number(frame.bottom() - (frame.bottom() - frame.top()) * (double) value / total);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
