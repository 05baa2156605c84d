package dev.graft.runner;

import dev.graft.report.SyntheticRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report.html in a real headless browser (Debian's chromium; the test is skipped where it is not
 * installed): every inlined image decodes, and a screenshot of the page is not blank.
 */
class ReportInChromiumTest {

    @TempDir
    Path tmp;

    private static Optional<Path> chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private String run(Path browser, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--user-data-dir=" + tmp.resolve("profile")));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("chromium.out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(tmp.resolve("chromium.err").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void the_report_renders_in_headless_chromium_with_every_image_decoded() throws Exception {
        Optional<Path> browser = chromium();
        Assumptions.assumeTrue(browser.isPresent(), "chromium is not installed (apt-get install chromium)");
        Path runDir = SyntheticRun.standard().bootstrap(100).write(tmp.resolve("run"));
        assertEquals(0, Main.execute("report", runDir.toString()));
        long pngs;
        try (Stream<Path> s = Files.list(runDir.resolve("plots"))) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).count();
        }
        assertEquals(10, pngs, "2 loss, 1 probe, 1 final-by-layer, 3 gap and 3 cross-validation plots");

        // A copy of the page with a script that counts images the browser could not decode.
        String html = Files.readString(runDir.resolve("report.html"));
        String probe = "<script>window.addEventListener('load', function () {"
                + " var imgs = Array.prototype.slice.call(document.images);"
                + " var broken = imgs.filter(function (i) { return !i.complete || i.naturalWidth === 0; }).length;"
                + " document.body.setAttribute('data-images', imgs.length);"
                + " document.body.setAttribute('data-broken', broken); });</script>";
        Path probed = tmp.resolve("probed.html");
        Files.writeString(probed, html.replace("</body>", probe + "\n</body>"));
        String dom = run(browser.get(), "--dump-dom", probed.toUri().toString());
        Matcher m = Pattern.compile("<body data-images=\"(\\d+)\" data-broken=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), "the page loaded and the script ran: " + dom.substring(0, Math.min(300, dom.length())));
        assertEquals(pngs, Long.parseLong(m.group(1)), "every plot is on the page");
        assertEquals(0, Integer.parseInt(m.group(2)), "no broken image");

        Path shot = tmp.resolve("report.png");
        run(browser.get(), "--screenshot=" + shot, "--window-size=1200,2600", runDir.resolve("report.html").toUri().toString());
        BufferedImage image = ImageIO.read(shot.toFile());
        assertEquals(1200, image.getWidth());
        int inked = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                inked += rgb != 0xffffff ? 1 : 0;
            }
        }
        double share = inked / (double) (image.getWidth() / 2 * (image.getHeight() / 2));
        assertTrue(share > 0.05, "the screenshot shows something: " + share + " of it is not white");
        assertTrue(colours.size() > 50, "text, tables and plots give many colours: " + colours.size());
    }
}
