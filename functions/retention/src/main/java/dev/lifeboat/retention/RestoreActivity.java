package dev.lifeboat.retention;

/** What running restores use: the copies retention must leave alone while they run. */
public interface RestoreActivity {

    Protections protections();
}
