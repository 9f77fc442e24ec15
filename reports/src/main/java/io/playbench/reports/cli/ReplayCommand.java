package io.playbench.reports.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.MathMode;
import io.playbench.env.SeedingLayout;
import io.playbench.env.Space;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.rollout.PlayDefaults;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code playbench replay}: applies given actions to PlayBench's vectorised env and writes every step, for comparing it with Gymnasium's. */
@Command(
        name = "replay",
        customSynopsis = {
            "playbench replay --task TASK [--num-envs N] [--seed S] [--autoreset next-step|same-step]",
            "                        [--env-option KEY=VALUE ...] --actions ACTIONS.json [--output OUT.json]"
        },
        description = {
            "apply given actions to a vectorised env and write every step (JSON), for comparing with Gymnasium",
            "",
            "Resets PlayBench's vectorised env with the seed, applies the actions step by step and writes what"
                    + " Gymnasium's vector env (SyncVectorEnv with the same autoreset mode) would return, for a"
                    + " step-by-step comparison.",
            "",
            "ACTIONS.json: one element per step, each an array of one action per env: an integer for a Discrete action"
                    + " space (a one-element array [a] is accepted too), an array of numbers for a Box (a bare number"
                    + " when the box has one value), e.g. CartPole with 2 envs: [[1, 0], [0, 0], [1, 1]]; Pendulum with"
                    + " 1 env: [[[0.5]], [[-2.0]]].",
            "",
            "OUT.json, arrays indexed [step][env]:",
            "  task, num_envs, seed, autoreset, steps",
            "  reset_obs   [env][obs]   the observations returned by reset(seed)",
            "  obs         [step][env][obs]  the observations returned by each step",
            "  reward      [step][env]  float64",
            "  terminated, truncated  [step][env]  booleans",
            "  final_obs   [step][env]  same-step mode: the observation at which an episode ended",
            "              (Gymnasium's infos[\"final_obs\"]), null where none ended; next-step mode: null",
            "              throughout (the terminal observation is in obs, and the next step resets that env)",
            "Observations are float32, each value written as the shortest decimal that reads back to the same float32"
                    + " (e.g. 0.027395604, 1.0e-5); parse them as float32 (numpy.float32(x)) to compare bit patterns."
        },
        footer = {
            "%nexit codes: 0 ok, 2 usage or input error (unknown task, malformed or out-of-range actions), 3 unexpected"
                    + " error"
        })
final class ReplayCommand extends BaseCommand {

    @Option(
            names = "--task",
            required = true,
            paramLabel = "TASK",
            converter = Converters.TaskConverter.class,
            completionCandidates = Converters.TaskIds.class,
            description = "the task id: ${COMPLETION-CANDIDATES}")
    String task;

    @Option(names = "--num-envs", paramLabel = "N", description = "number of envs (default: ${DEFAULT-VALUE})")
    int numEnvs = PlayDefaults.NUM_ENVS;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description =
                    "reset seed: env i is seeded with S + i, as SyncVectorEnv.reset(seed=S) (default: ${DEFAULT-VALUE})")
    long seed = PlayDefaults.SEED;

    @Option(
            names = "--autoreset",
            paramLabel = "MODE",
            completionCandidates = AutoresetModes.class,
            description = "next-step (Gymnasium's default) or same-step (Isaac Lab's) (default: ${DEFAULT-VALUE})")
    String autoreset = cliName(PlayDefaults.AUTORESET);

    @Option(
            names = "--env-option",
            paramLabel = "KEY=VALUE",
            description = "max-episode-steps=N|-1, math-mode=exact|fast, seeding-layout=per-env|shared-stream,"
                    + " threads=K (repeatable)")
    List<String> envOptions = new ArrayList<>();

    @Option(
            names = "--actions",
            required = true,
            paramLabel = "JSON",
            description = "a JSON array over steps of per-env actions")
    String actions;

    @Option(
            names = "--output",
            paramLabel = "JSON",
            description = "where the trajectory goes (default: standard output)")
    String output;

    ReplayCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() throws UsageException, IOException {
        int n = (int) atLeast("--num-envs", numEnvs, 1);
        atLeast("--seed", seed, 0);
        AutoresetMode mode = switch (autoreset.toLowerCase(Locale.ROOT)) {
            case "next-step", "next_step" -> AutoresetMode.NEXT_STEP;
            case "same-step", "same_step" -> AutoresetMode.SAME_STEP;
            default -> throw usage("--autoreset must be next-step or same-step but was '" + autoreset + "'");
        };
        EnvOptions options;
        try {
            options = envOptions(EnvOptions.defaults().withAutoresetMode(mode), envOptions);
        } catch (UsageException e) {
            throw usage(e.getMessage());
        }
        Path actionsFile = context.path(actions);
        JsonNode actionList = readActions(actionsFile);
        VecEnv env;
        try {
            env = Tasks.make(task, n, options);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path out = output == null ? null : context.path(output);
        Path temp = null;
        try (env) {
            Writer w;
            if (out != null) {
                if (out.getParent() != null) {
                    Files.createDirectories(out.getParent());
                }
                temp = Files.createTempFile(
                        out.getParent() == null ? context.workingDirectory() : out.getParent(), ".replay", ".json.tmp");
                w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
            } else {
                w = new java.io.StringWriter(); // printed only once every step has been applied
            }
            try {
                replay(env, task, seed, mode, actionList, actionsFile, w);
            } finally {
                w.flush();
                if (out != null) {
                    w.close();
                }
            }
            if (out == null) {
                context.out().print(w);
            } else {
                Files.move(
                        temp,
                        out,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                temp = null;
                note(actionList.size() + " step(s) of " + n + " " + task + " env(s) written to " + out);
            }
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
        return Playbench.EXIT_OK;
    }

    /** The command-line spelling of an autoreset mode: {@code next-step}, {@code same-step}. */
    static String cliName(AutoresetMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The autoreset modes, for shell completion. */
    static final class AutoresetModes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(AutoresetMode.values())
                    .map(ReplayCommand::cliName)
                    .iterator();
        }
    }

    private static void replay(
            VecEnv env, String task, long seed, AutoresetMode mode, JsonNode actions, Path file, Writer w)
            throws IOException, UsageException {
        int n = env.numEnvs();
        int obsWidth = env.observationSpace().flatSize();
        boolean discrete = env.actionSpace() instanceof Space.Discrete;
        int actWidth = discrete ? 1 : env.actionSpace().flatSize();
        int steps = actions.size();
        int[][] discreteActions = discrete ? new int[steps][n] : null;
        float[][] continuousActions = discrete ? null : new float[steps][n * actWidth];
        for (int s = 0; s < steps; s++) {
            JsonNode step = actions.get(s);
            if (!step.isArray() || step.size() != n) {
                throw new UsageException("step " + s + " of " + file + " must be an array of " + n
                        + " action(s), one per env, but is " + abbreviate(step));
            }
            for (int e = 0; e < n; e++) {
                JsonNode action = step.get(e);
                if (discrete) {
                    JsonNode value = action.isArray() && action.size() == 1 ? action.get(0) : action;
                    if (!value.isIntegralNumber()
                            && !(value.isNumber()
                                    && value.decimalValue().stripTrailingZeros().scale() <= 0)) {
                        throw new UsageException(task + " takes a discrete action (an integer) but step " + s + ", env "
                                + e + " of " + file + " is " + abbreviate(action));
                    }
                    discreteActions[s][e] = value.intValue();
                } else {
                    JsonNode values = action.isNumber() && actWidth == 1
                            ? Floats.MAPPER.createArrayNode().add(action)
                            : action;
                    if (!values.isArray() || values.size() != actWidth) {
                        throw new UsageException(task + " takes " + actWidth + " action value(s) per env but step " + s
                                + ", env " + e + " of " + file + " is " + abbreviate(action));
                    }
                    for (int j = 0; j < actWidth; j++) {
                        if (!values.get(j).isNumber()) {
                            throw new UsageException("step " + s + ", env " + e + " of " + file
                                    + " holds a non-number: " + values.get(j));
                        }
                        continuousActions[s][e * actWidth + j] = Floats.parse(values.get(j));
                    }
                }
            }
        }
        env.reset(seed);
        w.write("{\n\"task\": \"" + task + "\",\n\"num_envs\": " + n + ",\n\"seed\": " + seed + ",\n\"autoreset\": \""
                + (mode == AutoresetMode.SAME_STEP ? "same-step" : "next-step") + "\",\n\"steps\": " + steps + ",\n");
        w.write("\"reset_obs\": ");
        writeRows(w, env.observations(), n, obsWidth, null);
        StringBuilder obs = new StringBuilder();
        StringBuilder reward = new StringBuilder();
        StringBuilder terminated = new StringBuilder();
        StringBuilder truncated = new StringBuilder();
        StringBuilder finalObs = new StringBuilder();
        for (int s = 0; s < steps; s++) {
            try {
                if (discrete) {
                    env.step(discreteActions[s]);
                } else {
                    env.step(continuousActions[s]);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException("step " + s + " of " + file + ": " + e.getMessage());
            }
            String sep = s == 0 ? "\n " : ",\n ";
            obs.append(sep).append(rows(env.observations(), n, obsWidth, null));
            reward.append(sep).append('[');
            terminated.append(sep).append('[');
            truncated.append(sep).append('[');
            for (int e = 0; e < n; e++) {
                String c = e == 0 ? "" : ", ";
                reward.append(c).append(Floats.shortest(env.rewards()[e]));
                terminated.append(c).append(env.terminated()[e]);
                truncated.append(c).append(env.truncated()[e]);
            }
            reward.append(']');
            terminated.append(']');
            truncated.append(']');
            finalObs.append(sep)
                    .append(rows(
                            env.finalObservations(),
                            n,
                            obsWidth,
                            mode == AutoresetMode.SAME_STEP ? env.episodeEnded() : new boolean[n]));
        }
        String end = steps == 0 ? "]" : "\n]";
        w.write(",\n\"obs\": [" + obs + end);
        w.write(",\n\"reward\": [" + reward + end);
        w.write(",\n\"terminated\": [" + terminated + end);
        w.write(",\n\"truncated\": [" + truncated + end);
        w.write(",\n\"final_obs\": [" + finalObs + end);
        w.write("\n}\n");
    }

    private static void writeRows(Writer w, float[] values, int n, int width, boolean[] present) throws IOException {
        w.write(rows(values, n, width, present));
    }

    /** {@code [[...], [...]]} of the env rows; rows whose {@code present} flag is false are {@code null}. */
    private static String rows(float[] values, int n, int width, boolean[] present) {
        StringBuilder sb = new StringBuilder("[");
        for (int e = 0; e < n; e++) {
            if (e > 0) {
                sb.append(", ");
            }
            if (present != null && !present[e]) {
                sb.append("null");
                continue;
            }
            sb.append('[');
            for (int j = 0; j < width; j++) {
                sb.append(j == 0 ? "" : ", ").append(Floats.shortest(values[e * width + j]));
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    static EnvOptions envOptions(EnvOptions base, List<String> given) throws UsageException {
        EnvOptions options = base;
        for (String option : given) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--env-option takes KEY=VALUE but got '" + option + "'");
            }
            String key = option.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace('_', '-');
            String value =
                    option.substring(eq + 1).trim().toLowerCase(Locale.ROOT).replace('_', '-');
            try {
                options = switch (key) {
                    case "max-episode-steps" -> options.withMaxEpisodeSteps(Integer.parseInt(value));
                    case "threads" -> options.withThreads(Integer.parseInt(value));
                    case "math-mode" ->
                        options.withMathMode(
                                switch (value) {
                                    case "exact" -> MathMode.EXACT;
                                    case "fast" -> MathMode.FAST;
                                    default ->
                                        throw new IllegalArgumentException(
                                                "math-mode must be exact or fast but was '" + value + "'");
                                });
                    case "seeding-layout" ->
                        options.withSeedingLayout(
                                switch (value) {
                                    case "per-env" -> SeedingLayout.PER_ENV;
                                    case "shared-stream" -> SeedingLayout.SHARED_STREAM;
                                    default ->
                                        throw new IllegalArgumentException(
                                                "seeding-layout must be per-env or shared-stream but was '" + value
                                                        + "'");
                                });
                    default ->
                        throw new UsageException("unknown --env-option '" + key
                                + "'; known: max-episode-steps, math-mode, " + "seeding-layout, threads");
                };
            } catch (IllegalArgumentException e) {
                throw new UsageException("--env-option " + option + ": " + e.getMessage());
            }
        }
        return options;
    }

    private static JsonNode readActions(Path file) throws UsageException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("actions file " + file + " does not exist");
        }
        JsonNode root;
        try {
            root = Floats.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UsageException(file + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isArray()) {
            throw new UsageException(
                    file + " must hold a JSON array over steps of per-env actions, e.g. [[1, 0], [0, 0]]");
        }
        return root;
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
