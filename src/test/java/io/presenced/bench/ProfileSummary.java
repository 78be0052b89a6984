package io.presenced.bench;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Prints the hot spots of an async-profiler CPU profile in collapsed form (recorded with {@code collapsed,threads,
 * ann}): CPU by thread pool, by kind of code (kernel, JIT compiler, GC, Netty, Lettuce, presenced, ...), the
 * methods most often on top of the stack (self), and presenced's own methods by total time (anywhere on the stack).
 */
final class ProfileSummary {

    private static final int TOP = 30;

    private ProfileSummary() {
    }

    static void run(Args args) throws Exception {
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> kinds = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> presenced = new HashMap<>();
        long samples = 0;
        try (BufferedReader in = Files.newBufferedReader(Path.of(args.words().get(1)))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    continue;
                }
                long n = Long.parseLong(line.substring(space + 1));
                String[] frames = line.substring(0, space).split(";");
                samples += n;
                threads.merge(threadGroup(frames[0]), n, Long::sum);
                String leaf = frames[frames.length - 1];
                kinds.merge(kind(frames[0], leaf), n, Long::sum);
                self.merge(leaf, n, Long::sum);
                Set<String> seen = new HashSet<>();
                for (String f : frames) {
                    if (f.startsWith("io/presenced/") && seen.add(f)) {
                        presenced.merge(strip(f), n, Long::sum);
                    }
                }
            }
        }
        System.out.println(samples + " CPU samples (async-profiler)");
        print("CPU by thread", threads, samples);
        print("CPU by kind of code (top frame)", kinds, samples);
        print("Self (top frame)", self, samples);
        print("presenced methods, total (anywhere on the stack)", presenced, samples);
    }

    // "[presenced-http-8-3 tid=123]" -> "presenced-http"; "[GC Thread#1 tid=9]" -> "GC Thread".
    private static String threadGroup(String frame) {
        String t = frame.startsWith("[") ? frame.substring(1, frame.length() - 1) : frame;
        int tid = t.indexOf(" tid=");
        if (tid >= 0) {
            t = t.substring(0, tid);
        }
        return t.replaceAll("([-#]?\\d+)+$", "");
    }

    private static String kind(String thread, String leaf) {
        if (thread.contains("Compiler")) {
            return "JIT compiler threads";
        }
        if (thread.contains("GC Thread") || thread.contains("G1 ")) {
            return "GC threads";
        }
        if (leaf.endsWith("_[k]")) {
            return "kernel (syscalls, TCP, scheduling)";
        }
        if (!leaf.endsWith("_[j]") && !leaf.endsWith("_[i]") && !leaf.endsWith("_[0]") && !leaf.endsWith("_[1]")) {
            return "JVM runtime and libc (native)";
        }
        String[] packages = {"io/netty/", "io/grpc/netty/shaded/", "io/grpc/", "io/lettuce/", "io/presenced/",
            "com/fasterxml/", "com/google/protobuf/", "io/prometheus/", "ch/qos/", "org/slf4j/", "reactor/"};
        for (String p : packages) {
            if (leaf.startsWith(p)) {
                return p.replace('/', '.') + "*";
            }
        }
        return leaf.startsWith("java/") || leaf.startsWith("jdk/") || leaf.startsWith("sun/") ? "JDK classes"
                : "other Java";
    }

    private static String strip(String frame) {
        int ann = frame.lastIndexOf("_[");
        return (ann > 0 ? frame.substring(0, ann) : frame).replace('/', '.');
    }

    private static void print(String title, Map<String, Long> counts, long samples) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey()));
    }
}
