package org.tierra.ogcapi.cql2;

import java.util.List;

/** A filter as a SQL condition with its parameters, in the order their placeholders appear. */
public record SqlFilter(String sql, List<Object> parameters) {

    public SqlFilter {
        parameters = List.copyOf(parameters);
    }
}
