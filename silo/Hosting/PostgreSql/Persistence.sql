-- Grain state (Microsoft.Orleans.Persistence.AdoNet). One row per grain and state type, found by two hashes and
-- checked against the full key. Version is the state's ETag: a write names the version it read, and a write that
-- returns that same version (nothing matched) is a conflict to Orleans.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash integer NOT NULL,
    GrainIdN0 bigint NOT NULL,
    GrainIdN1 bigint NOT NULL,
    GrainTypeHash integer NOT NULL,
    GrainTypeString varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId varchar(150) NOT NULL,
    PayloadBinary bytea NULL,
    ModifiedOn timestamptz NOT NULL DEFAULT now(),
    Version integer NULL
);

-- Unique on the full key: two silos that both believe they create a grain's first state cannot both succeed
-- (the second gets a constraint error, which Orleans treats as a failed write).
CREATE UNIQUE INDEX IF NOT EXISTS OrleansStorage_Key ON OrleansStorage
    (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeString, coalesce(GrainIdExtensionString, ''));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    WITH updated AS (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary::bytea, ModifiedOn = now(), Version = Version + 1
        WHERE @GrainStateVersion::integer IS NOT NULL
          AND ServiceId = @ServiceId::varchar AND GrainTypeHash = @GrainTypeHash::integer
          AND GrainIdHash = @GrainIdHash::integer AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
          AND GrainTypeString = @GrainTypeString::varchar
          AND coalesce(GrainIdExtensionString, '''') = coalesce(@GrainIdExtensionString::varchar, '''')
          AND Version = @GrainStateVersion::integer
        RETURNING Version),
    inserted AS (
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
             PayloadBinary, Version)
        SELECT @GrainIdHash::integer, @GrainIdN0::bigint, @GrainIdN1::bigint, @GrainTypeHash::integer,
               @GrainTypeString::varchar, @GrainIdExtensionString::varchar, @ServiceId::varchar, @PayloadBinary::bytea, 1
        WHERE @GrainStateVersion::integer IS NULL
          AND NOT EXISTS (
              SELECT 1 FROM OrleansStorage
              WHERE ServiceId = @ServiceId::varchar AND GrainTypeHash = @GrainTypeHash::integer
                AND GrainIdHash = @GrainIdHash::integer AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
                AND GrainTypeString = @GrainTypeString::varchar
                AND coalesce(GrainIdExtensionString, '''') = coalesce(@GrainIdExtensionString::varchar, ''''))
        RETURNING Version)
    SELECT coalesce((SELECT Version FROM updated), (SELECT Version FROM inserted), @GrainStateVersion::integer)
           AS NewGrainStateVersion;'),

-- PayloadBinary before Version: the provider may read the columns in order (sequential access).
('ReadFromStorageKey', '
    SELECT PayloadBinary, now() AS ReadOn, Version
    FROM OrleansStorage
    WHERE ServiceId = @ServiceId::varchar AND GrainTypeHash = @GrainTypeHash::integer
      AND GrainIdHash = @GrainIdHash::integer AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
      AND GrainTypeString = @GrainTypeString::varchar
      AND coalesce(GrainIdExtensionString, '''') = coalesce(@GrainIdExtensionString::varchar, '''');'),

-- Clearing keeps the row and its version (a later first write must not restart at 1 under an old ETag).
('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
    WHERE ServiceId = @ServiceId::varchar AND GrainTypeHash = @GrainTypeHash::integer
      AND GrainIdHash = @GrainIdHash::integer AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
      AND GrainTypeString = @GrainTypeString::varchar
      AND coalesce(GrainIdExtensionString, '''') = coalesce(@GrainIdExtensionString::varchar, '''')
      AND Version = @GrainStateVersion::integer
    RETURNING Version AS NewGrainStateVersion;'),

-- DeleteStateOnClear: the row goes; the version returned is the deleted one + 1, as a clear would have made it.
('DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE ServiceId = @ServiceId::varchar AND GrainTypeHash = @GrainTypeHash::integer
      AND GrainIdHash = @GrainIdHash::integer AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
      AND GrainTypeString = @GrainTypeString::varchar
      AND coalesce(GrainIdExtensionString, '''') = coalesce(@GrainIdExtensionString::varchar, '''')
      AND Version = @GrainStateVersion::integer
    RETURNING Version + 1 AS NewGrainStateVersion;')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
