package org.vdi.portal.it;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Reading libvirt's XML (domains, volumes) in the tests: namespace-aware DOM and XPath. */
public final class Xml {

    private Xml() {
    }

    public static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML (" + e.getMessage() + "):\n" + xml, e);
        }
    }

    /** The string value of an XPath expression (no namespaces in the expression). */
    public static String text(Document doc, String xpath) {
        try {
            return ((String) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.STRING))
                    .strip();
        } catch (Exception e) {
            throw new AssertionError("bad XPath " + xpath + ": " + e, e);
        }
    }

    /** The child elements of the domain's {@code <metadata>} in the given namespace. */
    public static List<Element> metadata(Document domain, String namespace) {
        List<Element> out = new ArrayList<>();
        NodeList all = domain.getDocumentElement().getElementsByTagName("metadata");
        for (int i = 0; i < all.getLength(); i++) {
            Node md = all.item(i);
            for (Node c = md.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element e && namespace.equals(e.getNamespaceURI())) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
