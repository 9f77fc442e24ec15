package io.playbench.gpu;

import io.playbench.cuda.Cuda;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs the annotated tests only where the CUDA driver reports a GPU; elsewhere they are disabled with the reason. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EnabledWithCuda.Condition.class)
@interface EnabledWithCuda {

    /** Evaluates the condition. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return Cuda.deviceCount() > 0
                    ? ConditionEvaluationResult.enabled("a CUDA GPU is present")
                    : ConditionEvaluationResult.disabled(
                            "needs a CUDA GPU: " + Cuda.unavailableReason().orElse("none found"));
        }
    }
}
