package dev.lifeboat.restoredrill;

/** How drill executions are told apart from an operator's restores: by their name. */
public final class DrillNames {

    /** Every drill execution's name starts with it; the template's status-change rule matches it. */
    public static final String PREFIX = "drill-";

    private DrillNames() {
    }

    public static boolean isDrill(String executionName) {
        return executionName != null && executionName.startsWith(PREFIX);
    }
}
