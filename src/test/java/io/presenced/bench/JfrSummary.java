package io.presenced.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    private JfrSummary() {
    }

    static void run(Args args) throws Exception {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args.words().get(1)))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f.getMethod());
                if (seen.add(n)) {
                    total.merge(n, 1, Integer::sum);
                }
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "-N"), 1, Integer::sum);
        }
        System.out.println(samples + " execution samples (truncated stacks count their top 64 frames)");
        print("Self (top frame)", self, samples);
        print("Total (anywhere on the stack)", total, samples);
        print("Threads", threads, samples);
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey()));
    }
}
