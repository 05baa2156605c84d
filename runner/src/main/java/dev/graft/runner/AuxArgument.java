package dev.graft.runner;

import dev.graft.io.UserInputException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code --aux} argument of {@code graft data dump}: an auxiliary task plugin's name with its
 * options, {@code name[:key=value,key=value…]}, e.g. {@code sector-balance:scale=1,sector=4}. Values
 * stay strings here; the plugin's declared options type and check them.
 *
 * @param name    the plugin's name
 * @param options the options given, in order
 */
record AuxArgument(String name, Map<String, String> options) {

    static AuxArgument parse(String text) {
        String s = text.strip();
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon).strip();
        if (name.isEmpty()) {
            throw new UserInputException("--aux " + text + ": no task name; write --aux NAME or --aux NAME:key=value,…"
                    + " (e.g. --aux sector-balance:scale=1,sector=4)");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String part : s.substring(colon + 1).split(",")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? "" : part.substring(0, eq).strip();
                if (eq < 0 || key.isEmpty() || part.substring(eq + 1).strip().isEmpty()) {
                    throw new UserInputException("--aux " + text + ": '" + part.strip() + "' is not key=value; write"
                            + " --aux " + name + ":key=value,key=value (e.g. --aux sector-balance:scale=1,sector=4)");
                }
                if (options.put(key, part.substring(eq + 1).strip()) != null) {
                    throw new UserInputException("--aux " + text + ": option '" + key + "' is given twice; give it once");
                }
            }
        }
        return new AuxArgument(name, options);
    }
}
