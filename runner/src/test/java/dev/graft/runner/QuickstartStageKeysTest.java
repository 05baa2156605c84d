package dev.graft.runner;

import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunSetup;
import dev.graft.pipeline.Stage;
import dev.graft.plugin.PluginDiscovery;
import dev.graft.plugin.PluginRegistry;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The stage keys of the repository's quickstart specs are pinned: a refactor that changed the canonical
 * text of a key would orphan every cache made before it. Keys change on purpose only with a stage's code
 * version or with what a spec resolves to. The engine refactor (issue 23) kept commit aaff161's keys; issue
 * 24's probe settings (`split`, `symmetries`, `reference`, spelled out in the resolved `probes` section that
 * every probed stage's key hashes) changed the trained stages' keys once, to the values below.
 */
class QuickstartStageKeysTest {
    @TempDir
    Path tmp;

    private static final Map<String, String> QUICKSTART = Map.ofEntries(
                Map.entry("data",
                        "1dcbcc61d3fc25723a00c38714a0bc9625be5fc0742bbc8ced37a1978362a019"),
                Map.entry("train-small small+aux seed=42",
                        "1deb44d0ccd34f14d47f60d10d834a2318a8f4c2731bc17e9a9d1a8bf9b5b4b0"),
                Map.entry("train-small small-aux seed=42",
                        "79e5bbbc0bbfcf6e591203555a76be68c8c1b26d6b6ef630c922cc63c806e353"),
                Map.entry("init-large seed=42",
                        "ba8d5ecfe87190568dadfa3f9078e389765fcbf8e502bbd54445050c66955ebd"),
                Map.entry("train-large baseline seed=42",
                        "e5d5e331c461275be72ba8105f6779504ba263b6de2cf4636d0bb7307fc5842b"),
                Map.entry("graft graft+aux seed=42",
                        "0516fd7ff95556bac8c2e199a0576b216bc7ff477db2290f9d0073bc32b87679"),
                Map.entry("train-large graft+aux seed=42",
                        "6fc6d3ec171c4463514b45629efc9dfe7148fc7d943b0fb9b11fc2c5b9554785"),
                Map.entry("graft graft-aux seed=42",
                        "a0c83e3ca467e4b140fce45cc93e0e5eab5919d0aae7a025b1e053b0d56c487f"),
                Map.entry("train-large graft-aux seed=42",
                        "5cba184eebd41bb20a1f94913c3d4ac8e82fdb82ded8d926ae974fdafe14f04e"),
                Map.entry("train-small small+aux seed=123",
                        "3ab883af6b76df242221a9b62c814b0445965ce6348540dd8f3cc24517a80914"),
                Map.entry("train-small small-aux seed=123",
                        "30ed53d06e8595e85450158ae35dd4ae47ea822f2ee71f9cf1b478e8665a1c51"),
                Map.entry("init-large seed=123",
                        "9bfdcf5b977d8a8fa493f15100e6a21e34e4b7462ab70543604b0f90aebe08b5"),
                Map.entry("train-large baseline seed=123",
                        "1ab58bb885b3edbe993935b26ccfac68c3a81bbb59d411173a5d71ca7bf118c1"),
                Map.entry("graft graft+aux seed=123",
                        "f074d7f48ce328478faf95c1afcbda823498d32410ca9dcbfd2017d2efb82686"),
                Map.entry("train-large graft+aux seed=123",
                        "f71f2c9744f774238e863e00a341f564edce16bd902b4c2763c86317c8838d66"),
                Map.entry("graft graft-aux seed=123",
                        "731d53bd3ac9272c65992ecf6003d10e094592fba6b2b94f76627e2324b69db5"),
                Map.entry("train-large graft-aux seed=123",
                        "446957ed2ebb72a84b919fb8df000256a8cd8ee8881e5c809c102520b5e773c3"));

    private static final Map<String, String> OTHELLO = Map.ofEntries(
                Map.entry("data",
                        "7564997b608e3e420c50410d23dd2a48dfd31e0fc5a47485ae01c6eb1528b8e3"),
                Map.entry("train-small small+aux seed=42",
                        "43be20713290cd2042aecb8e57db8b78d5f9af15c5a19859c24db90c5627ac94"),
                Map.entry("train-small small-aux seed=42",
                        "f70bd7ca6003ee229147b2c3ab809891417a92568a4c9b5110974259527d70e5"),
                Map.entry("init-large seed=42",
                        "ff38be56917700706290cdd13706aa2c4740314295941b0836a49676995599de"),
                Map.entry("train-large baseline seed=42",
                        "d2f41854aaee30d606674867db2a0cc1c02fb321a95abd8682ccc7f0b84430ec"),
                Map.entry("graft graft+aux seed=42",
                        "a50abbacdfcc2a3a05f37f9cbd571991cf8d559a944be5a544e83cf50b2012e7"),
                Map.entry("train-large graft+aux seed=42",
                        "f4ef18fcd99e63b2e274d1484a4e8879292ba6d5359218093b0da117be9cf763"),
                Map.entry("graft graft-aux seed=42",
                        "4b1a983d0dcd14569c6b515a86c6c9043d366cae53ca84b7eb6eebdac869a9cb"),
                Map.entry("train-large graft-aux seed=42",
                        "761adf27f489594665300c637be25efe4ab361eae66dccf4ba0789f1142d7aee"),
                Map.entry("train-small small+aux seed=123",
                        "e182ecaa2c7bcb415c61ce1b38418630dc0af9b8f1891b1ed14168c7d6bd9405"),
                Map.entry("train-small small-aux seed=123",
                        "ec6a0593b9f9f1b971fd548187d07e312a22927b577e9a7f581c03e068986875"),
                Map.entry("init-large seed=123",
                        "795fd6cb23d06dce257c014eb5ee5ed510c13fd1b3f4bca53851a7d3f96adf67"),
                Map.entry("train-large baseline seed=123",
                        "9e2bf1b9cb5453f3905738e79f93333319d9a8a60c1cba648eadb1af4ea4254f"),
                Map.entry("graft graft+aux seed=123",
                        "eca5a07965a90334623da5056208560f6392faedb89a07b20d0767d7e91cc6eb"),
                Map.entry("train-large graft+aux seed=123",
                        "767063467d7eadf933d1998e396556ad3b95a42b49afc6f62e65acd10c4bede7"),
                Map.entry("graft graft-aux seed=123",
                        "882acf29656d5bfc5a509c6c19a4ced2999a7f23048c9daab89a6156d8cd4258"),
                Map.entry("train-large graft-aux seed=123",
                        "66a36671a0cb3119cefd0f239fb6d9a30fecf0ff235494ccfdf95199ca2a4760"));

    @Test
    void the_quickstart_keeps_its_stage_keys() throws Exception {
        assertEquals(new java.util.TreeMap<>(QUICKSTART), new java.util.TreeMap<>(keys("quickstart.yaml")));
    }

    @Test
    void the_othello_quickstart_keeps_its_stage_keys() throws Exception {
        assertEquals(new java.util.TreeMap<>(OTHELLO), new java.util.TreeMap<>(keys("othello-quickstart.yaml")));
    }

    /** Stage id → key of a spec of the repository's specs/ folder, planned (nothing runs). */
    private Map<String, String> keys(String name) throws Exception {
        Path specs = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(specs.resolve("specs"))) {
            specs = specs.getParent();
        }
        PluginRegistry catalog = new PluginRegistry(PluginDiscovery.discover(getClass().getClassLoader(),
                java.util.List.of()).stream().<dev.graft.spi.PluginFactory<?>>map(f -> f.factory()).toList(),
                new dev.graft.plugin.EngineContext());
        GraftSpec spec = new SpecLoader(catalog).load(specs.resolve("specs").resolve(name));
        RunSetup setup = new RunSetup(spec, catalog, tmp.resolve("out"), tmp.resolve("cache"), false);
        Map<String, String> out = new LinkedHashMap<>();
        for (Stage s : RunPlan.of(setup).order()) {
            out.put(s.id(), s.key().hash());
        }
        return out;
    }
}
