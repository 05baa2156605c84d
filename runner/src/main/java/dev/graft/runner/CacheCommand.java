package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.io.NoSpaceException;
import dev.graft.io.UserInputException;
import dev.graft.pipeline.CacheInventory;
import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunSetup;
import dev.graft.pipeline.Stage;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.SpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@code graft cache list | verify | gc}: what the artifact cache holds, whether it is intact, and removing what no spec needs. */
@Command(name = "cache", description = "Inspect, verify and clean the artifact cache shared by runs.",
        subcommands = {CacheCommand.ListCommand.class, CacheCommand.VerifyCommand.class, CacheCommand.GcCommand.class})
final class CacheCommand implements Runnable {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @ParentCommand
    GraftCommand graft;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Missing command: give one of list, verify, gc (see graft cache --help).");
    }

    /** The cache root: --cache, else $GRAFT_CACHE, else runs/.cache beside the launcher (as graft run uses). */
    static final class Root {
        @Option(names = "--cache", paramLabel = "DIR",
                description = "Artifact cache (default: $GRAFT_CACHE, else runs/.cache beside the launcher).")
        Path cache;

        CacheInventory inventory() {
            RunOptions options = new RunOptions();
            options.cache = cache;
            return new CacheInventory(options.cacheRoot());
        }
    }

    @Command(name = "list", description = "List the cache's entries: kind, key, state, size, last use, and the specs and run folders that used them.")
    static final class ListCommand implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        Root root;

        @Spec
        CommandSpec spec;

        @Option(names = "--runs", description = "Also list the run folders that made or reused each entry.")
        boolean runs;

        @Override
        public Integer call() {
            CacheInventory inv = root.inventory();
            List<CacheInventory.Entry> entries = inv.entries();
            PrintWriter out = spec.commandLine().getOut();
            out.println("cache " + inv.root() + ": " + entries.size() + " entries, "
                    + NoSpaceException.size(entries.stream().mapToLong(CacheInventory.Entry::bytes).sum()));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"kind", "key", "state", "size", "last use (UTC)", "used by specs"});
            for (CacheInventory.Entry e : entries) {
                rows.add(new String[] {e.kind(), shortKey(e), e.state().name().toLowerCase(Locale.ROOT),
                        NoSpaceException.size(e.bytes()), WHEN.format(e.lastUse()),
                        e.specs().isEmpty() ? "-" : String.join(", ", e.specs())});
                if (runs) {
                    for (String r : e.runs()) {
                        rows.add(new String[] {"", "", "", "", "", "  run " + r});
                    }
                }
            }
            out.print(table(rows));
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "verify", description = "Check every finished entry's files against its manifest (sizes and SHA-256). "
            + "Exit 1 when any is damaged.")
    static final class VerifyCommand implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        Root root;

        @Spec
        CommandSpec spec;

        @Option(names = "--fix", description = "Move damaged entries aside (under .damaged/) so the next run rebuilds them.")
        boolean fix;

        @Override
        public Integer call() {
            CacheInventory inv = root.inventory();
            long checked = inv.entries().stream().filter(e -> e.state() == CacheInventory.State.FINISHED).count();
            List<CacheInventory.Problem> problems = inv.verify();
            PrintWriter out = spec.commandLine().getOut();
            long damaged = problems.stream().filter(p -> p.verdict().status()
                    == dev.graft.io.CacheEntry.Verdict.Status.DAMAGED).count();
            for (CacheInventory.Problem p : problems) {
                boolean legacy = p.verdict().status() == dev.graft.io.CacheEntry.Verdict.Status.LEGACY;
                out.println((legacy ? "no file list " : "damaged ") + p.entry().kind() + "/" + shortKey(p.entry()) + ": "
                        + p.verdict().problem() + (legacy ? " (made before manifests listed files; the next run that"
                        + " uses it checks and adopts it)" : ""));
                if (fix && !legacy) {
                    inv.setAside(p);
                    out.println("  moved aside; the next run rebuilds it");
                }
            }
            out.println(String.format(Locale.ROOT, "verified %,d entries in %s: %s", checked, inv.root(),
                    damaged == 0 ? "all intact" : damaged + " damaged" + (fix ? " (moved aside)" : "; graft cache verify --fix"
                            + " moves them aside (runs also do, when they meet one)")));
            out.flush();
            return damaged == 0 ? Main.OK : Main.FAILED;
        }
    }

    @Command(name = "gc", description = "Remove cache entries: those no spec in --specs DIR needs and/or those last used "
            + "before --older-than DATE or --unused-for AGE (an entry goes when it matches every criterion given). "
            + "Damaged entries set aside always go.")
    static final class GcCommand implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        CacheCommand parent;

        /** Injected by {@link GraftCommand#inject} where the command first needs the engine's plugins. */
        @Inject
        PluginCatalog plugins;

        @picocli.CommandLine.Mixin
        Root root;

        @Spec
        CommandSpec spec;

        @Option(names = "--specs", paramLabel = "DIR",
                description = "Keep every entry a spec (*.yaml) in this folder needs (each is planned, nothing runs).")
        Path specs;

        @Option(names = "--older-than", paramLabel = "DATE", description = "Only entries last used before this date (YYYY-MM-DD, UTC).")
        String olderThan;

        @Option(names = "--unused-for", paramLabel = "AGE", description = "Only entries not used for this long: 30d, 12h, 2w.")
        String unusedFor;

        @Option(names = "--dry-run", description = "Print what would be removed, with sizes; remove nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws IOException {
            Instant before = before();
            Set<String> keep = specs == null ? null : needed();
            CacheInventory inv = root.inventory();
            List<CacheInventory.Entry> garbage = inv.garbage(keep, before);
            PrintWriter out = spec.commandLine().getOut();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"kind", "key", "state", "size", "last use (UTC)", dryRun ? "would remove" : "removed"});
            long freed = 0;
            for (CacheInventory.Entry e : garbage) {
                boolean gone = dryRun || inv.remove(e);
                if (gone) {
                    freed += e.bytes();
                }
                rows.add(new String[] {e.kind(), shortKey(e), e.state().name().toLowerCase(Locale.ROOT),
                        NoSpaceException.size(e.bytes()), WHEN.format(e.lastUse()),
                        gone ? "yes" : "no (a process is building it)"});
            }
            if (garbage.isEmpty()) {
                out.println("nothing to remove from " + inv.root());
            } else {
                out.print(table(rows));
                out.println(String.format(Locale.ROOT, "%s %,d entries, %s, from %s", dryRun ? "would remove" : "removed",
                        garbage.size(), NoSpaceException.size(freed), inv.root()));
            }
            out.flush();
            return Main.OK;
        }

        private Instant before() {
            Instant t = null;
            if (olderThan != null) {
                try {
                    t = LocalDate.parse(olderThan).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (RuntimeException e) {
                    throw new UserInputException("--older-than " + olderThan + ": not a date; give YYYY-MM-DD, e.g. 2026-11-01");
                }
            }
            if (unusedFor != null) {
                Matcher m = Pattern.compile("(\\d+)([hdw])").matcher(unusedFor.strip());
                if (!m.matches()) {
                    throw new UserInputException("--unused-for " + unusedFor + ": not an age; give a number and h, d or w,"
                            + " e.g. 30d");
                }
                long n = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2)) {
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
                Instant u = Instant.now().minus(d);
                t = t == null || u.isBefore(t) ? u : t;
            }
            return t;
        }

        /** The {@code kind/key} of every stage of every spec in {@link #specs}. */
        private Set<String> needed() throws IOException {
            if (!Files.isDirectory(specs)) {
                throw new UserInputException("--specs " + specs + ": not a folder; give the folder of the specs whose"
                        + " cache entries to keep, e.g. specs");
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(specs)) {
                files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            }
            PluginCatalog plugins = parent.graft.inject(this).plugins;
            Set<String> keep = new LinkedHashSet<>();
            PrintWriter out = spec.commandLine().getOut();
            for (Path f : files) {
                GraftSpec resolved;
                try {
                    resolved = new SpecLoader(plugins).load(f);
                } catch (UserInputException e) {
                    // a spec meant to be extended or one with an error: its entries are not protected, say so
                    out.println("skipping " + f + " (it does not load: " + e.getMessage().lines().findFirst().orElse("")
                            + ")");
                    continue;
                }
                RunSetup setup = new RunSetup(resolved, plugins, Path.of("unused"), root.inventory().root(), false);
                for (Stage s : RunPlan.of(setup).order()) {
                    keep.add(s.key().kind() + "/" + s.key().hash());
                }
            }
            out.println(String.format(Locale.ROOT, "keeping the %,d entries the %,d specs in %s need", keep.size(),
                    files.size(), specs));
            return keep;
        }
    }

    private static String shortKey(CacheInventory.Entry e) {
        return e.state() == CacheInventory.State.DAMAGED || e.key().length() <= 12 ? e.key() : e.key().substring(0, 12);
    }

    /** Left-aligned columns, two spaces apart. */
    static String table(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                line.append(String.format(Locale.ROOT, "%-" + width[c] + "s", r[c]));
                if (c < cols - 1) {
                    line.append("  ");
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
