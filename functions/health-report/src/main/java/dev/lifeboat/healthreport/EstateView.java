package dev.lifeboat.healthreport;

import java.util.List;

/** The protected resources and their copies in the recovery region, as the report sees them. */
public interface EstateView {

    List<ResourceCopies> resources();
}
