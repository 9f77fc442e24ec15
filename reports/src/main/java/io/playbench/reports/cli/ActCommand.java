package io.playbench.reports.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.env.Space;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.inference.Policy;
import io.playbench.library.Library;
import io.playbench.library.LoadedPolicy;
import io.playbench.library.PolicySpec;
import io.playbench.rollout.DefaultComponents;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code playbench act}: the actions a policy takes for given observations, for debugging it against its Python original. */
final class ActCommand implements Command {

    private static final List<Arguments.Option> OPTIONS = List.of(
            Arguments.Option.valued("library", "LIB", "the library that trained the checkpoint: rsl_rl, rl_games, skrl, sb3 (required)"),
            Arguments.Option.valued("checkpoint", "CKPT", "checkpoint file, run directory or URI (required)"),
            Arguments.Option.valued("task", "TASK", "the task the policy is for: checks that the policy fits its spaces (optional)"),
            Arguments.Option.valued("observations", "JSON", "a JSON array of observation vectors (required)"),
            Arguments.Option.valued("output", "JSON", "where the JSON array of action vectors goes (default: standard output)"),
            Arguments.Option.valued("engine", "ID", "inference engine (default reference: the exact plain-Java evaluator; auto, java, tensorflow)"),
            Arguments.Option.valued("device", "DEV", "cpu, gpu, gpu:N or auto (default cpu)"),
            Arguments.Option.flag("help", "show this help"));

    @Override
    public String name() {
        return "act";
    }

    @Override
    public String summary() {
        return "the actions a policy takes for given observations (JSON in, JSON out)";
    }

    @Override
    public String help() {
        return """
                usage: playbench act --library LIB --checkpoint CKPT [--task TASK] --observations OBS.json [--output ACTIONS.json]

                Loads the checkpoint the way play does and computes the deterministic action for each observation, for
                comparing a policy with its Python original (e.g. the samples of a reference-actions.json).
                Input: a JSON array of observation vectors, [[0.01, -0.02, 0.03, 0.04], ...] (raw observations, before
                any normaliser). Output: a JSON array of action vectors, one per observation, in the same order; a
                discrete action is a one-element array holding its index ([1]); a continuous action is the float32
                vector sent to the env (after squashing, rescaling and clamping), each value written as the shortest
                decimal that reads back to the same float32. The default engine is the reference evaluator (exact; the
                engines used for throughput may differ in the last bit, which can flip a near-tie argmax).

                options:
                """ + Arguments.describe(OPTIONS) + """

                exit codes: 0 ok, 2 usage or input error (unreadable JSON, wrong observation width), 3 unexpected error
                """;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws UsageException, IOException {
        Arguments a = Arguments.parse("act", OPTIONS, args);
        if (a.has("help")) {
            context.out().print(help());
            return Playbench.EXIT_OK;
        }
        Library library = PolicyOptions.library("act", PolicyOptions.required("act", a, "library", "sb3"));
        String checkpoint = PolicyOptions.required("act", a, "checkpoint", "model.zip");
        PolicyOptions.requireLocalExists("act", checkpoint, context);
        String task = a.value("task").isPresent() ? PolicyOptions.task("act", a.value("task").get()) : null;
        Path input = context.path(PolicyOptions.required("act", a, "observations", "obs.json"));
        float[][] observations = readObservations(input);
        ResolvedCheckpoint resolved;
        LoadedPolicy loaded;
        try {
            resolved = PolicyOptions.resolve(library, task == null ? "unknown-task" : task, checkpoint, null, context);
            loaded = PolicyOptions.load(library, resolved);
        } catch (RuntimeException e) {
            throw new UsageException("cannot load " + checkpoint + " as a " + library.id() + " checkpoint: " + e.getMessage());
        }
        PolicySpec spec = loaded.spec();
        if (task != null) {
            checkTask(spec, task);
        }
        for (int i = 0; i < observations.length; i++) {
            if (observations[i].length != spec.observationSize()) {
                throw new UsageException("observation " + i + " in " + input + " has " + observations[i].length + " values but the policy takes "
                        + spec.observationSize());
            }
        }
        boolean discrete = spec.action() instanceof PolicySpec.ActionOutput.Discrete;
        int width = discrete ? 1 : spec.outputSize();
        int n = observations.length;
        float[] flat = new float[n * spec.observationSize()];
        for (int i = 0; i < n; i++) {
            System.arraycopy(observations[i], 0, flat, i * spec.observationSize(), spec.observationSize());
        }
        StringBuilder json = new StringBuilder("[");
        if (n > 0) {
            String engine = a.value("engine").orElse("reference");
            try (Policy policy = DefaultComponents.compiler().compile(spec, engine, PolicyOptions.device("act", a.value("device").orElse(null)), n)) {
                if (discrete) {
                    int[] actions = new int[n];
                    policy.act(flat, actions);
                    for (int i = 0; i < n; i++) {
                        json.append(i == 0 ? "\n  [" : ",\n  [").append(actions[i]).append(']');
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
        if (a.value("output").isPresent()) {
            Path output = context.path(a.value("output").get());
            if (output.getParent() != null) {
                Files.createDirectories(output.getParent());
            }
            try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                w.write(json.toString());
            }
            context.err().println("playbench act: " + n + " action(s) of " + loaded.spec().library().id() + " " + loaded.spec().algorithm()
                    + " written to " + output);
        } else {
            context.out().print(json);
        }
        return Playbench.EXIT_OK;
    }

    private static void checkTask(PolicySpec spec, String task) throws UsageException {
        try (VecEnv env = Tasks.make(task, 1)) {
            PolicySpec.ActionOutput expected = switch (env.actionSpace()) {
                case Space.Discrete d -> new PolicySpec.ActionOutput.Discrete(d.n());
                case Space.Box b -> new PolicySpec.ActionOutput.Continuous(b.flatSize());
            };
            io.playbench.library.LibraryAdapters.requireFits(spec, env.observationSpace().flatSize(), expected);
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
            throw new UsageException(input + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isArray()) {
            throw new UsageException(input + " must hold a JSON array of observation vectors, e.g. [[0.1, 0.2, 0.3, 0.4]]");
        }
        float[][] out = new float[root.size()][];
        for (int i = 0; i < root.size(); i++) {
            JsonNode row = root.get(i);
            if (!row.isArray()) {
                throw new UsageException("element " + i + " of " + input + " is not an array of numbers but " + row.getNodeType());
            }
            out[i] = new float[row.size()];
            for (int j = 0; j < row.size(); j++) {
                if (!row.get(j).isNumber()) {
                    throw new UsageException("observation " + i + " value " + j + " of " + input + " is not a number: " + row.get(j));
                }
                out[i][j] = Floats.parse(row.get(j));
            }
        }
        return out;
    }
}
