package io.presenced.bench;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Prints the hot spots of an async-profiler CPU profile in collapsed form (recorded with {@code collapsed,threads,
 * ann}): CPU by thread pool, by kind of code (kernel, JIT compiler, GC, Netty, Lettuce, presenced, ...), the
 * methods most often on top of the stack (self), and presenced's own methods by total time (anywhere on the stack).
 */
final class ProfileSummary {

    private static final int TOP = 30;
    private static final String THREADS = "CPU by thread";
    private static final String KINDS = "CPU by kind of code (top frame)";
    private static final String SELF = "Self (top frame)";
    private static final String PRESENCED = "presenced methods, total (anywhere on the stack)";

    private ProfileSummary() {
    }

    static void run(Args args) throws Exception {
        SampleCounts counts = new SampleCounts(THREADS, KINDS, SELF, PRESENCED);
        try (BufferedReader in = Files.newBufferedReader(Path.of(args.words().get(1)))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    continue;
                }
                long n = Long.parseLong(line.substring(space + 1));
                String[] frames = line.substring(0, space).split(";");
                counts.addSamples(n);
                counts.add(THREADS, threadGroup(frames[0]), n);
                String leaf = frames[frames.length - 1];
                counts.add(KINDS, kind(frames[0], leaf), n);
                counts.add(SELF, leaf, n);
                Set<String> seen = new HashSet<>();
                for (String f : frames) {
                    if (f.startsWith("io/presenced/") && seen.add(f)) {
                        counts.add(PRESENCED, strip(f), n);
                    }
                }
            }
        }
        System.out.println(counts.samples() + " CPU samples (async-profiler)");
        counts.print(TOP);
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
}
