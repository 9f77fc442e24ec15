package io.playbench.library;

import java.util.ArrayList;
import java.util.List;

/** Collects the stages of a policy with the notes (what was read from where) and warnings (what was defaulted). */
final class PolicyBuilder {

    final List<Stage> stages = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    PolicyBuilder add(Stage stage) {
        stages.add(stage);
        return this;
    }

    /** Records what was read, and from where. */
    void read(String note) {
        notes.add("read: " + note);
    }

    /** Records a value that was not in the checkpoint or config and was filled in by the library's documented default. */
    void defaulted(String note) {
        notes.add("default: " + note);
        warnings.add("default used: " + note);
    }

    /** Records a caller override. */
    void overridden(String note) {
        notes.add("override: " + note);
    }

    /** Records what the play path does, for the inspect summary. */
    void play(String note) {
        notes.add("play: " + note);
    }

    /** Records something the user should know. */
    void warn(String warning) {
        notes.add("warning: " + warning);
        warnings.add(warning);
    }

    /** Appends an MLP: every layer followed by {@code hidden}, except the last which gets {@code last}. */
    void mlp(List<StateDict.Linear> layers, Activation hidden, Activation last) {
        for (int i = 0; i < layers.size(); i++) {
            StateDict.Linear l = layers.get(i);
            stages.add(new Stage.Dense(l.weight(), l.bias(), l.in(), l.out(), i == layers.size() - 1 ? last : hidden));
        }
    }

    /** Appends layers that are all followed by the same activation. */
    void hidden(List<StateDict.Linear> layers, Activation activation) {
        mlp(layers, activation, activation);
    }

    PolicySpec build(Library library, String algorithm, int observationSize, PolicySpec.ActionOutput action) {
        return new PolicySpec(library, algorithm, observationSize, action, stages, notes);
    }

    LoadedPolicy loaded(PolicySpec spec, String libraryVersion, String torchVersion) {
        return new LoadedPolicy(spec, libraryVersion, torchVersion, warnings);
    }
}
