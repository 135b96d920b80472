package nl.sed.samen.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PublicAddressTest {

    @Test
    void eachMunicipalityHasItsOwnHost() {
        PublicAddress address = new PublicAddress("https://samen.{tenant}.nl/");
        assertEquals("https://samen.stede-broec.nl", address.of("stede-broec"));
        assertEquals("https://samen.enkhuizen.nl", address.origin("enkhuizen"));
    }

    @Test
    void oneHostForAllTenantsWithAPort() {
        PublicAddress address = new PublicAddress("https://participatie.sed-wf.nl:8443//");
        assertEquals("https://participatie.sed-wf.nl:8443", address.of("drechterland"));
        assertEquals("https://participatie.sed-wf.nl:8443", address.origin("drechterland"));
    }
}
