package dev.lifeboat.local.template;

/** Which of the template's two deployments a name is resolved for: the value of its {@code Role} parameter. */
public enum StackRole {
    PRIMARY("primary"),
    RECOVERY("recovery");

    private final String parameterValue;

    StackRole(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    /** The template's {@code Role} parameter for this stack. */
    public String parameterValue() {
        return parameterValue;
    }
}
