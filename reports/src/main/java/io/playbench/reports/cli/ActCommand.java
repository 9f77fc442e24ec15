package io.playbench.reports.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.device.Device;
import io.playbench.env.Space;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.inference.Policy;
import io.playbench.inference.ReferenceEngine;
import io.playbench.library.Library;
import io.playbench.library.LoadedPolicy;
import io.playbench.library.PolicySpec;
import io.playbench.rollout.DefaultComponents;
import io.playbench.rollout.PlayDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code playbench act}: the actions a policy takes for given observations, for debugging it against its Python original. */
@Command(
        name = "act",
        customSynopsis = {
            "playbench act --library LIB --checkpoint CKPT [--task TASK] --observations OBS.json",
            "                     [--output ACTIONS.json] [options]"
        },
        description = {
            "the actions a policy takes for given observations (JSON in, JSON out)",
            "",
            "Loads the checkpoint the way play does and computes the deterministic action for each observation, for"
                    + " comparing a policy with its Python original (e.g. the samples of a reference-actions.json).",
            "Input: a JSON array of observation vectors, [[0.01, -0.02, 0.03, 0.04], ...] (raw observations, before"
                    + " any normaliser). Output: a JSON array of action vectors, one per observation, in the same order;"
                    + " a discrete action is a one-element array holding its index ([1]); a continuous action is the"
                    + " float32 vector sent to the env (after squashing, rescaling and clamping), each value written as"
                    + " the shortest decimal that reads back to the same float32. The default engine is the reference"
                    + " evaluator (exact; the engines used for throughput may differ in the last bit, which can flip a"
                    + " near-tie argmax)."
        },
        footer = {
            "%n--output never overwrites the checkpoint or the observations, refuses a symbolic link, is checked before"
                    + " the checkpoint is loaded and is written atomically (a temporary file, then a rename).",
            "%nexit codes: 0 ok, 2 usage or input error (unreadable JSON, wrong observation width, unknown engine,"
                    + " unreadable, corrupt or unsafe checkpoint, refused --output), 3 unexpected error"
        })
final class ActCommand extends BaseCommand {

    @Option(
            names = "--library",
            required = true,
            paramLabel = "LIB",
            converter = Converters.LibraryConverter.class,
            completionCandidates = Converters.LibraryIds.class,
            description = "the library that trained the checkpoint: ${COMPLETION-CANDIDATES}")
    Library library;

    @Option(
            names = "--checkpoint",
            required = true,
            paramLabel = "CKPT",
            description = "checkpoint file, run directory or URI")
    String checkpoint;

    @Option(
            names = "--task",
            paramLabel = "TASK",
            converter = Converters.TaskConverter.class,
            completionCandidates = Converters.TaskIds.class,
            description = "the task the policy is for: checks that the policy fits its spaces (optional)")
    String task;

    @Option(
            names = "--observations",
            required = true,
            paramLabel = "JSON",
            description = "a JSON array of observation vectors")
    String observations;

    @Option(
            names = "--output",
            paramLabel = "JSON",
            description = "where the JSON array of action vectors goes (default: standard output)")
    String output;

    @Option(
            names = "--engine",
            paramLabel = "ID",
            converter = Converters.EngineConverter.class,
            completionCandidates = Converters.EngineIds.class,
            description =
                    "the inference engine: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, the exact evaluator)")
    String engine = ReferenceEngine.ID;

    @Option(
            names = "--device",
            paramLabel = "DEV",
            defaultValue = "${env:PLAYBENCH_DEVICE}",
            converter = Converters.DeviceConverter.class,
            completionCandidates = Converters.DeviceForms.class,
            description = "where the policy runs: " + Device.FORMS
                    + " (default: ${DEFAULT-VALUE}; $PLAYBENCH_DEVICE sets it)")
    Device device = PlayDefaults.DEVICE;

    @Mixin
    CheckpointStoreOption store;

    ActCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() throws UsageException, IOException {
        PolicyOptions.requireLocalExists(checkpoint, context);
        Path input = context.path(observations);
        Path file = output == null ? null : context.path(output);
        if (file != null) {
            Outputs.check("--output", file, inputs(input, PolicyOptions.localFile(checkpoint, context)), false);
        }
        float[][] rows = readObservations(input);
        ResolvedCheckpoint resolved;
        LoadedPolicy loaded;
        try {
            resolved = PolicyOptions.resolve(
                    library, task == null ? "unknown-task" : task, checkpoint, null, store.settings(context));
            if (file != null) {
                Outputs.check("--output", file, inputs(input, resolved.file()), false);
            }
            loaded = PolicyOptions.load(library, resolved);
        } catch (RuntimeException | IOException e) {
            // unreadable, unsafe or corrupt checkpoints (CheckpointFormatException, UnsafePickleException) and
            // adapter load failures are input errors
            throw new UsageException(
                    "cannot load " + checkpoint + " as a " + library.id() + " checkpoint: " + e.getMessage());
        }
        PolicySpec policySpec = loaded.spec();
        if (task != null) {
            checkTask(policySpec, task);
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != policySpec.observationSize()) {
                throw new UsageException("observation " + i + " in " + input + " has " + rows[i].length
                        + " values but the policy takes " + policySpec.observationSize());
            }
        }
        boolean discrete = policySpec.action() instanceof PolicySpec.ActionOutput.Discrete;
        int width = discrete ? 1 : policySpec.outputSize();
        int n = rows.length;
        float[] flat = new float[n * policySpec.observationSize()];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, flat, i * policySpec.observationSize(), policySpec.observationSize());
        }
        StringBuilder json = new StringBuilder("[");
        if (n > 0) {
            try (Policy policy = DefaultComponents.compiler().compile(policySpec, engine, device, n)) {
                if (discrete) {
                    int[] actions = new int[n];
                    policy.act(flat, actions);
                    for (int i = 0; i < n; i++) {
                        json.append(i == 0 ? "\n  [" : ",\n  [")
                                .append(actions[i])
                                .append(']');
                    }
                } else {
                    float[] actions = new float[n * width];
                    policy.act(flat, actions);
                    for (int i = 0; i < n; i++) {
                        json.append(i == 0 ? "\n  [" : ",\n  [");
                        for (int j = 0; j < width; j++) {
                            json.append(j == 0 ? "" : ", ").append(Floats.shortest(actions[i * width + j]));
                        }
                        json.append(']');
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        json.append(n == 0 ? "]\n" : "\n]\n");
        if (file != null) {
            Outputs.writeAtomically(file, json.toString());
            note(n + " action(s) of " + policySpec.library().id() + " " + policySpec.algorithm() + " written to "
                    + file);
        } else {
            context.out().print(json);
        }
        return Playbench.EXIT_OK;
    }

    private static Map<String, Path> inputs(Path observations, Path checkpoint) {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("observations file", observations);
        inputs.put("checkpoint", checkpoint);
        return inputs;
    }

    private static void checkTask(PolicySpec spec, String task) throws UsageException {
        try (VecEnv env = Tasks.make(task, 1)) {
            PolicySpec.ActionOutput expected = switch (env.actionSpace()) {
                case Space.Discrete d -> new PolicySpec.ActionOutput.Discrete(d.n());
                case Space.Box b -> new PolicySpec.ActionOutput.Continuous(b.flatSize());
            };
            io.playbench.library.LibraryAdapters.requireFits(
                    spec, env.observationSpace().flatSize(), expected);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static float[][] readObservations(Path input) throws UsageException {
        if (!Files.isRegularFile(input)) {
            throw new UsageException("observations file " + input + " does not exist");
        }
        JsonNode root;
        try {
            root = Floats.MAPPER.readTree(input.toFile());
        } catch (IOException e) {
            throw new UsageException(input + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isArray()) {
            throw new UsageException(
                    input + " must hold a JSON array of observation vectors, e.g. [[0.1, 0.2, 0.3, 0.4]]");
        }
        float[][] out = new float[root.size()][];
        for (int i = 0; i < root.size(); i++) {
            JsonNode row = root.get(i);
            if (!row.isArray()) {
                throw new UsageException(
                        "element " + i + " of " + input + " is not an array of numbers but " + row.getNodeType());
            }
            out[i] = new float[row.size()];
            for (int j = 0; j < row.size(); j++) {
                if (!row.get(j).isNumber()) {
                    throw new UsageException(
                            "observation " + i + " value " + j + " of " + input + " is not a number: " + row.get(j));
                }
                out[i][j] = Floats.parse(row.get(j));
            }
        }
        return out;
    }
}
