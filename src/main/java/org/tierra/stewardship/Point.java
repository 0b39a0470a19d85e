package org.tierra.stewardship;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Where an event was seen: a point in EPSG:4326 degrees, written in JSON as a GeoJSON Point
 * ({@code {"type": "Point", "coordinates": [longitude, latitude]}}).
 */
@JsonPropertyOrder({"type", "coordinates"})
public record Point(
        @JsonIgnore double longitude, @JsonIgnore double latitude) {

    public Point {
        if (!isValid(longitude, latitude)) {
            throw new IllegalArgumentException("not a longitude/latitude: " + longitude + ", " + latitude);
        }
    }

    /** Whether {@code longitude} and {@code latitude} are a point on Earth, in degrees. */
    public static boolean isValid(double longitude, double latitude) {
        return Double.isFinite(longitude)
                && Double.isFinite(latitude)
                && Math.abs(longitude) <= 180
                && Math.abs(latitude) <= 90;
    }

    /** Always {@code Point}, as GeoJSON names it. */
    @JsonProperty("type")
    public String type() {
        return "Point";
    }

    /** Longitude first, as GeoJSON orders them. */
    @JsonProperty("coordinates")
    public List<Double> coordinates() {
        return List.of(longitude, latitude);
    }
}
