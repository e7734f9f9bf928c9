package dev.bulk.scripts;

/** What a script is for: decides its folder under the scripts root and the type it must implement. */
public enum ScriptKind {
    FILL("fill", ItemGenerator.class),
    UPDATE("update", ItemUpdater.class),
    TRANSFORM("transform", ExportTransform.class);

    private final String folder;
    private final Class<?> type;

    ScriptKind(String folder, Class<?> type) {
        this.folder = folder;
        this.type = type;
    }

    /** Sub-folder of the scripts root holding user scripts of this kind. */
    public String folder() {
        return folder;
    }

    /** The interface a script class of this kind must implement. */
    public Class<?> type() {
        return type;
    }

    /** How messages name a script of this kind, matching the CLI option that selects it. */
    public String noun() {
        return this == TRANSFORM ? "transform" : "generator";
    }
}
