package io.presenced.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A command line of {@code --name value} options and positional words. */
final class Args {

    private final Map<String, String> options = new HashMap<>();
    private final List<String> words = new ArrayList<>();

    Args(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            if (argv[i].startsWith("--")) {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException(argv[i] + ": missing value");
                }
                options.put(argv[i].substring(2), argv[++i]);
            } else {
                words.add(argv[i]);
            }
        }
    }

    String string(String name) {
        String v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + ": missing (expected: a value)");
        }
        return v;
    }

    String string(String name, String def) {
        return options.getOrDefault(name, def);
    }

    int integer(String name, int def) {
        String v = options.get(name);
        return v == null ? def : Integer.parseInt(v);
    }

    double decimal(String name, double def) {
        String v = options.get(name);
        return v == null ? def : Double.parseDouble(v);
    }

    List<String> words() {
        return words;
    }
}
