package io.playbench.reports.cli;

import io.playbench.device.Device;
import io.playbench.env.Tasks;
import io.playbench.inference.InferenceEngines;
import io.playbench.library.Library;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value types of the command line's options and their completion candidates: each converter turns a bad value into
 * a message that names the value and the accepted ones (a usage error, exit {@link Playbench#EXIT_USAGE}).
 */
final class Converters {

    private Converters() {}

    /** A whole number; {@code _} and {@code ,} may group digits ({@code 1_000_000}, {@code 1,000}). */
    static final class WholeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.parseLong(value.strip().replace("_", "").replace(",", ""));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
        }
    }

    /** A whole number that fits an {@code int}; {@code _} and {@code ,} may group digits. */
    static final class WholeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long v = new WholeLong().convert(value);
            if (v != (int) v) {
                throw new TypeConversionException("'" + value + "' is too large");
            }
            return (int) v;
        }
    }

    /** A library by its id ({@code rsl_rl}, {@code rl_games}, {@code skrl}, {@code sb3}). */
    static final class LibraryConverter implements ITypeConverter<Library> {
        @Override
        public Library convert(String value) {
            try {
                return Library.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A task id of the task registry (case-sensitive). */
    static final class TaskConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!Tasks.ids().contains(value)) {
                throw new TypeConversionException("unknown task '" + value + "'; known tasks: "
                        + String.join(", ", Tasks.ids()) + " (task ids are case-sensitive)");
            }
            return value;
        }
    }

    /** A device: {@value Device#FORMS}. */
    static final class DeviceConverter implements ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            try {
                return Device.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * An inference engine id of {@link InferenceEngines#ids()}, checked before anything runs; an unknown id is refused
     * with the engines' own message (the known ids, {@code did you mean java-vector?}, the artifact of an optional
     * engine).
     */
    static final class EngineConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String id = value.strip().toLowerCase(Locale.ROOT);
            if (InferenceEngines.ids().contains(id)) {
                return id;
            }
            try {
                InferenceEngines.get(value); // throws, saying what is known and what to add
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            throw new TypeConversionException(
                    "unknown inference engine '" + value + "'; known: " + InferenceEngines.ids());
        }
    }

    /** The library ids, for help and shell completion. */
    static final class LibraryIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Library.values()).map(Library::id).iterator();
        }
    }

    /** The task ids, for help and shell completion. */
    static final class TaskIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Tasks.ids().iterator();
        }
    }

    /** The inference engine ids, exactly {@link InferenceEngines#ids()}, for help and shell completion. */
    static final class EngineIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return InferenceEngines.ids().iterator();
        }
    }

    /** The device forms, for shell completion. */
    static final class DeviceForms implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(Device.CPU, Device.gpu(0), Device.ALL_GPUS, Device.AUTO).stream()
                    .map(Device::toString)
                    .iterator();
        }
    }
}
