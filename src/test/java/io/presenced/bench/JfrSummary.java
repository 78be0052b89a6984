package io.presenced.bench;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Prints the hot spots of a JFR recording from its {@code jdk.ExecutionSample} events: the methods most often on
 * top of the stack (self time), the methods most often anywhere on it (total time), and samples per thread pool.
 */
final class JfrSummary {

    private static final int TOP = 25;
    private static final String SELF = "Self (top frame)";
    private static final String TOTAL = "Total (anywhere on the stack)";
    private static final String THREADS = "Threads";

    private JfrSummary() {
    }

    static void run(Args args) throws Exception {
        SampleCounts counts = new SampleCounts(SELF, TOTAL, THREADS);
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args.words().get(1)))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            counts.addSamples(1);
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                counts.add(SELF, name(frames.get(0).getMethod()), 1);
            }
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f.getMethod());
                if (seen.add(n)) {
                    counts.add(TOTAL, n, 1);
                }
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            counts.add(THREADS, thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "-N"), 1);
        }
        System.out.println(counts.samples() + " execution samples (truncated stacks count their top 64 frames)");
        counts.print(TOP);
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }
}
