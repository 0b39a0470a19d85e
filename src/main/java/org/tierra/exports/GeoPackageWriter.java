package org.tierra.exports;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.contents.Contents;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.extension.rtree.RTreeIndexExtension;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryEnvelope;
import mil.nga.sf.GeometryType;
import mil.nga.sf.util.GeometryEnvelopeBuilder;

/**
 * Writes rows of features (an {@code id}, a {@code geometry} as lon/lat WKB, then one column per
 * property) into a new GeoPackage file: one feature table in EPSG:4326 whose feature ids are the
 * registry's ids, with its extent recorded and an R-tree spatial index, as QGIS and GDAL expect.
 */
final class GeoPackageWriter {

    private static final int ROWS_PER_TRANSACTION = 10_000;
    /** The GeoPackage DATETIME form: ISO 8601 in UTC, to the millisecond. */
    private static final DateTimeFormatter GEOPACKAGE_DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private GeoPackageWriter() {}

    /** Creates {@code file} (which must not exist) holding {@code rows} as table {@code table}. */
    static void write(Path file, String table, String description, ResultSet rows, GeoPackageVersion version)
            throws SQLException, IOException {
        GeoPackageManager.create(file.toFile());
        try (GeoPackage geoPackage = GeoPackageManager.open(file.toFile())) {
            SpatialReferenceSystem lonLat =
                    geoPackage.getSpatialReferenceSystemDao().getOrCreateCode("EPSG", 4326);
            geoPackage.createGeometryColumnsTable();
            GeometryColumns geometryColumns = new GeometryColumns();
            geometryColumns.setId(new TableColumnKey(table, "geom"));
            geometryColumns.setGeometryType(GeometryType.MULTIPOLYGON);
            geometryColumns.setZ((byte) 0);
            geometryColumns.setM((byte) 0);
            geometryColumns.setSrs(lonLat);
            geoPackage.createFeatureTable(FeatureTableMetadata.create(
                    geometryColumns, "fid", propertyColumns(rows.getMetaData()), new BoundingBox()));
            FeatureDao features = geoPackage.getFeatureDao(geometryColumns);
            GeometryEnvelope extent = insertAll(features, lonLat.getSrsId(), rows);
            recordExtent(geoPackage, table, description, extent);
            new RTreeIndexExtension(geoPackage).create(features.getTable());
            // The library stamps its own newest version (1.4); say the one asked for. A pragma takes no
            // bound value: the number comes from the enum, never from the request.
            geoPackage.execSQL("PRAGMA user_version = " + version.userVersion);
        }
    }

    /** A column per property: its name and the GeoPackage type of its PostgreSQL type. */
    private static List<FeatureColumn> propertyColumns(ResultSetMetaData metadata) throws SQLException {
        List<FeatureColumn> columns = new ArrayList<>();
        for (int i = 3; i <= metadata.getColumnCount(); i++) {
            columns.add(FeatureColumn.createColumn(metadata.getColumnLabel(i), type(metadata.getColumnType(i))));
        }
        return columns;
    }

    private static GeoPackageDataType type(int sqlType) {
        return switch (sqlType) {
            case Types.SMALLINT, Types.INTEGER, Types.BIGINT -> GeoPackageDataType.INTEGER;
            case Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.DOUBLE, Types.FLOAT -> GeoPackageDataType.DOUBLE;
            case Types.BOOLEAN, Types.BIT -> GeoPackageDataType.BOOLEAN;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> GeoPackageDataType.DATETIME;
            default -> GeoPackageDataType.TEXT;
        };
    }

    /** Inserts every row, in transactions of bounded size; returns the extent of all geometries. */
    private static GeometryEnvelope insertAll(FeatureDao features, long srsId, ResultSet rows)
            throws SQLException, IOException {
        features.setPkModifiable(true); // the feature id is the registry's id, so downloads can be joined
        ResultSetMetaData metadata = rows.getMetaData();
        GeometryEnvelope extent = null;
        int inTransaction = 0;
        features.beginTransaction();
        try {
            while (rows.next()) {
                FeatureRow row = features.newRow();
                row.setId(rows.getLong(1));
                GeoPackageGeometryData geometry = GeoPackageGeometryData.createFromWkb(srsId, rows.getBytes(2));
                GeometryEnvelope envelope = GeometryEnvelopeBuilder.buildEnvelope(geometry.getGeometry());
                geometry.setEnvelope(envelope);
                row.setGeometry(geometry);
                extent = extent == null ? envelope : extent.union(envelope);
                for (int i = 3; i <= metadata.getColumnCount(); i++) {
                    row.setValue(metadata.getColumnLabel(i), value(rows, i, metadata.getColumnType(i)));
                }
                features.insert(row);
                if (++inTransaction == ROWS_PER_TRANSACTION) {
                    features.endAndBeginTransaction();
                    inTransaction = 0;
                }
            }
            features.endTransaction();
        } catch (SQLException | RuntimeException e) {
            features.failTransaction();
            throw e;
        }
        return extent;
    }

    private static Object value(ResultSet rows, int column, int sqlType) throws SQLException {
        return switch (type(sqlType)) {
            case INTEGER -> {
                long value = rows.getLong(column);
                yield rows.wasNull() ? null : value;
            }
            case DOUBLE -> {
                double value = rows.getDouble(column);
                yield rows.wasNull() ? null : value;
            }
            case BOOLEAN -> {
                boolean value = rows.getBoolean(column);
                yield rows.wasNull() ? null : value;
            }
            case DATETIME -> {
                Timestamp value = rows.getTimestamp(column);
                yield value == null ? null : GEOPACKAGE_DATETIME.format(value.toInstant());
            }
            default -> rows.getString(column);
        };
    }

    /** The table's contents entry: what it holds and where (an empty download keeps no extent). */
    private static void recordExtent(GeoPackage geoPackage, String table, String description, GeometryEnvelope extent)
            throws SQLException {
        Contents contents = geoPackage.getContentsDao().queryForId(table);
        contents.setDescription(description);
        if (extent != null) {
            contents.setMinX(extent.getMinX());
            contents.setMinY(extent.getMinY());
            contents.setMaxX(extent.getMaxX());
            contents.setMaxY(extent.getMaxY());
        }
        geoPackage.getContentsDao().update(contents);
    }
}
