package dev.graft.runner;

import picocli.CommandLine.IVersionProvider;

/** Version of the graft build, from the jar manifest when packaged. */
final class Version implements IVersionProvider {
    static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"graft " + get()};
    }
}
