package io.playbench.torch;

import java.util.List;
import java.util.Map;

/**
 * An inert stand-in for an instance of a Python class that the reader was explicitly told to accept
 * ({@link ReadOptions#withSb3StandIns()}): it records the class name, the constructor arguments and the pickled
 * state, and never runs any code of that class.
 *
 * <p>For {@code vecnormalize.pkl}: {@code root.attribute("obs_rms")} is the {@code RunningMeanStd} stand-in, whose
 * {@code attribute("mean")} is a {@link NumpyArray}.
 */
public final class PyObject {

    private final String className;
    private final List<Object> args;
    private Object state;

    PyObject(String className, List<Object> args) {
        this.className = className;
        this.args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }

    /** The Python class (or factory function) as {@code module.name}. */
    public String className() {
        return className;
    }

    /** The arguments given to the class or factory in the pickle ({@code NEWOBJ} / {@code REDUCE}). */
    public List<Object> args() {
        return args;
    }

    /** The state given by {@code BUILD} (usually a {@link PyDict}), or {@code null}. */
    public Object state() {
        return state;
    }

    void setState(Object state) {
        this.state = state;
    }

    /** An attribute from the pickled state dict, or {@code null} when absent. */
    public Object attribute(String name) {
        Object s = state;
        if (s instanceof PyTuple t && t.size() == 2 && t.get(0) instanceof Map<?, ?>) {
            s = t.get(0);
        }
        return s instanceof Map<?, ?> m ? m.get(name) : null;
    }

    /** Whether the pickled state has this attribute. */
    public boolean hasAttribute(String name) {
        Object s = state instanceof PyTuple t && t.size() == 2 ? t.get(0) : state;
        return s instanceof Map<?, ?> m && m.containsKey(name);
    }

    @Override
    public String toString() {
        return className + "(stand-in)";
    }
}
