package dev.graft.spi;

/**
 * The version of this SPI, {@code major.minor}. A plugin jar says which version it was built against
 * in its manifest attribute {@value #MANIFEST_ATTRIBUTE}; the engine loads it when the major versions
 * are equal and the jar's minor is not newer than the engine's (a minor version only adds), and
 * refuses it otherwise, naming the jar and both versions. Bump the minor when adding to the SPI, the
 * major when changing or removing anything a built plugin may use.
 */
public final class SpiVersion {
    /** This SPI's version. */
    public static final String CURRENT = "1.3";
    /** The plugin jar's manifest attribute that names the SPI version it was built against. */
    public static final String MANIFEST_ATTRIBUTE = "Graft-Spi-Version";

    private SpiVersion() {
    }

    /**
     * Whether a plugin built against SPI {@code built} runs on SPI {@code current}.
     *
     * @throws IllegalArgumentException when either is not {@code major.minor} (non-negative integers)
     */
    public static boolean compatible(String built, String current) {
        int[] b = parse(built);
        int[] c = parse(current);
        return b[0] == c[0] && b[1] <= c[1];
    }

    /** {@code major.minor} as two numbers. */
    public static int[] parse(String version) {
        String v = version == null ? "" : version.trim();
        String[] parts = v.split("\\.");
        if (parts.length != 2 || !parts[0].matches("\\d{1,6}") || !parts[1].matches("\\d{1,6}")) {
            throw new IllegalArgumentException("'" + version + "' is not an SPI version: need major.minor, e.g. " + CURRENT);
        }
        return new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }
}
