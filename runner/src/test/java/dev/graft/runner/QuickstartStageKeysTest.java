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
 * The stage keys of the repository's quickstart specs are those commit aaff161 computed (copied from
 * the provenance.json of its runs): a refactor that changed the canonical text of a key would orphan
 * every cache made before it. Keys change on purpose only with a stage's code version.
 */
class QuickstartStageKeysTest {
    @TempDir
    Path tmp;

    private static final Map<String, String> QUICKSTART = Map.ofEntries(
                Map.entry("data",
                        "1dcbcc61d3fc25723a00c38714a0bc9625be5fc0742bbc8ced37a1978362a019"),
                Map.entry("train-small small+aux seed=42",
                        "4797a031d6188a7ea61258a3322bf52cb0ffa1ccb1e38590683448a7f460c0a9"),
                Map.entry("train-small small-aux seed=42",
                        "40d013a40520d28e44f1f21421d5dfdac991176a3dc2644b9c42a29192e8822d"),
                Map.entry("init-large seed=42",
                        "ba8d5ecfe87190568dadfa3f9078e389765fcbf8e502bbd54445050c66955ebd"),
                Map.entry("train-large baseline seed=42",
                        "f6f4018dbc69aba403a4a74b1e700bf6a0aecf8b0964266db5bf64abec220bd9"),
                Map.entry("graft graft+aux seed=42",
                        "3fd20c0848fa2e2d6a4be5630d4691b67ce5298e69e518ae171eb245334dfb17"),
                Map.entry("train-large graft+aux seed=42",
                        "5824f6be1a45ce02a032340e95ddaf78084fcaa79e8a30d5852872594d8fc196"),
                Map.entry("graft graft-aux seed=42",
                        "0a2602b5b8c7bbbbee6fcbe2ed669d864e564f4e738040c8a0a70cd587e9f172"),
                Map.entry("train-large graft-aux seed=42",
                        "4fa85d00e3ccc029472324ce0eed0daa345c33c491cb8eaea9932fa08cb41855"),
                Map.entry("train-small small+aux seed=123",
                        "5526a13f2940c925084a54ce7777cf4d6d1ca2c6e8c169785edfbeca24261cf1"),
                Map.entry("train-small small-aux seed=123",
                        "c4a29228f1472082e6367a86304d024fabba235c288e18beb5dcc89221ae2b97"),
                Map.entry("init-large seed=123",
                        "9bfdcf5b977d8a8fa493f15100e6a21e34e4b7462ab70543604b0f90aebe08b5"),
                Map.entry("train-large baseline seed=123",
                        "606e7da28f97e8c09cfe0c54eb12de89760760f7b596123401f8300c79c64048"),
                Map.entry("graft graft+aux seed=123",
                        "dff1699daaba17528d59b7a44988aba16f6e21d23308e2c447dc41fbc601aa5c"),
                Map.entry("train-large graft+aux seed=123",
                        "f9d4d9f277362f141007679887ccd9a540ee7da63e19460c0066efea51ac8fbb"),
                Map.entry("graft graft-aux seed=123",
                        "fb5c6633d29de90be3c1d57ff5ae48a09c4b64cb52753728e681200350b40565"),
                Map.entry("train-large graft-aux seed=123",
                        "e649ebb1561cae40541a59a6b7e9753fe416631347462e1d9c6d2bca2fb1fa92"));

    private static final Map<String, String> OTHELLO = Map.ofEntries(
                Map.entry("data",
                        "7564997b608e3e420c50410d23dd2a48dfd31e0fc5a47485ae01c6eb1528b8e3"),
                Map.entry("train-small small+aux seed=42",
                        "273aafafe6d6a0fb26d67720a9d096c4ea26eca0ee4a45120b3ed9824fcaedf8"),
                Map.entry("train-small small-aux seed=42",
                        "d1ce459ce3a981a9dad504e2572b1f44d266514bca1c0180f51ef3da3fba6c77"),
                Map.entry("init-large seed=42",
                        "ff38be56917700706290cdd13706aa2c4740314295941b0836a49676995599de"),
                Map.entry("train-large baseline seed=42",
                        "f44426e0550c1f155093c3b3e1af94cf15592f4d36b6f1c386854bdcc471b125"),
                Map.entry("graft graft+aux seed=42",
                        "56b0879224740e653b7c4e25bdae27341c9abe686d0fa1b82588f38660958998"),
                Map.entry("train-large graft+aux seed=42",
                        "36ece745e6621b49ee6c2a0387ee13ad30d8772b015dbfbc70565340a7963248"),
                Map.entry("graft graft-aux seed=42",
                        "cb94de1d9fd90d76a7658fcf1ebd70ddf5079989487da8900a32f458ad6a13e2"),
                Map.entry("train-large graft-aux seed=42",
                        "a9a96c69ada6a3fd79b7e11df789d32f2088e9138952499bb46ea2edfb4dde99"),
                Map.entry("train-small small+aux seed=123",
                        "ce6fcd10507f6972c4df0b90632dbf30ae82c4bfcb0f556e868db0ad12fd7fad"),
                Map.entry("train-small small-aux seed=123",
                        "c1e1327822a68c08dcb6edf9b4104c365437024748a210a4fe5e9ffa45f503c6"),
                Map.entry("init-large seed=123",
                        "795fd6cb23d06dce257c014eb5ee5ed510c13fd1b3f4bca53851a7d3f96adf67"),
                Map.entry("train-large baseline seed=123",
                        "f8ae329d1999dacdcf14a7f852fb113061c9f9af309683f161535f400bec862c"),
                Map.entry("graft graft+aux seed=123",
                        "9b571255309dfd1a6f32d083d4a370f707a42fc771d49f1302573c8b19306232"),
                Map.entry("train-large graft+aux seed=123",
                        "7dc5d87993a280ff9845af80e1b0651ab976d8f1c42a5804f8e504133fc1cf5e"),
                Map.entry("graft graft-aux seed=123",
                        "f867092b82c87de1dc20f98325eaefee0424801e55182ac5943775c9b8aeac34"),
                Map.entry("train-large graft-aux seed=123",
                        "0036929cba466f26bed4efbad2f11deae2c4e5fe8237a1157c341fbad585a5b6"));

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
