package io.playbench.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What stepped the environments. */
public enum PhysicsBackend {

    /** PlayBench's classic-control environments on the JVM. */
    PLAYBENCH_CLASSIC("playbench_classic"),

    /** PlayBench's GPU-resident environments. */
    PLAYBENCH_CUDA("playbench_cuda"),

    /** A user's own VecEnv. */
    CUSTOM("custom"),

    /** Isaac Lab with PhysX. */
    PHYSX("physx"),

    /** Isaac Lab with Newton (MuJoCo Warp). */
    NEWTON_MJWARP("newton_mjwarp"),

    /** Isaac Lab with Newton (Kamino). */
    NEWTON_KAMINO("newton_kamino"),

    /** Isaac Lab with OvPhysX. */
    OVPHYSX("ovphysx");

    private final String id;

    PhysicsBackend(String id) {
        this.id = id;
    }

    /**
     * The identifier written in the bundle.
     *
     * @return the JSON value
     */
    @JsonValue
    public String id() {
        return id;
    }

    /**
     * Looks a value up by its identifier.
     *
     * @param id the JSON value
     * @return the constant
     * @throws IllegalArgumentException naming the known identifiers when {@code id} is unknown
     */
    @JsonCreator
    public static PhysicsBackend fromId(String id) {
        for (PhysicsBackend value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown PhysicsBackend '" + id + "'; known: "
                + Arrays.stream(values()).map(PhysicsBackend::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
