<?xml version="1.0" encoding="UTF-8"?>
<!--
  scapforge's HTML report: one self-contained page (no script, no fetch)
  made from an ARF 1.1 report that scapforge scan wrote. It joins the
  TestResult's rule-results to the Benchmark carried in the report
  request, and reads the offending and excluded containers from
  scapforge's metadata (sf:offender, sf:scan), which the program keeps as
  rows and writes itself (see the template "rows"). Text from the
  evidence is only ever written as text.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:arf="http://scap.nist.gov/schema/asset-reporting-format/1.1"
    xmlns:x="http://checklists.nist.gov/xccdf/1.2"
    xmlns:sf="urn:scapforge:xccdf-metadata:1"
    xmlns:ovr="http://oval.mitre.org/XMLSchema/oval-results-5"
    xmlns:sc="http://oval.mitre.org/XMLSchema/oval-system-characteristics-5"
    exclude-result-prefixes="arf x sf ovr sc">

  <xsl:output method="html" encoding="UTF-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:key name="rule" match="x:Rule" use="@id"/>
  <xsl:key name="value" match="x:Value" use="@id"/>

  <xsl:variable name="tr" select="(//x:TestResult)[1]"/>
  <xsl:variable name="bench" select="(//x:Benchmark)[1]"/>
  <xsl:variable name="scan" select="$tr/x:metadata/sf:scan"/>
  <xsl:variable name="results" select="$tr/x:rule-result"/>
  <xsl:variable name="total" select="count($results)"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="UTF-8"/>
        <title>
          <xsl:text>scapforge report: </xsl:text>
          <xsl:value-of select="$tr/x:target[1]"/>
        </title>
        <style>
body { font: 14px/1.45 "DejaVu Sans", Arial, sans-serif; color: #1d232a; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid #d5dbe1; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0 0 8px; }
.sub { color: #57606a; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; vertical-align: top; border: 1px solid #d5dbe1; padding: 4px 8px; word-break: break-word; }
th { background: #f3f5f7; width: 22%; font-weight: 600; }
table.list th { width: auto; }
code, .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 12.5px; }
.would { color: #b35900; margin: 8px 0 4px; }
.marking { text-align: center; font-weight: 700; letter-spacing: 0.1em; background: #502b85; color: #fff; padding: 4px; margin: 0 0 12px; }
.warning, .example { border: 2px solid #b35900; background: #fff4e5; padding: 10px 14px; font-weight: 600; margin: 12px 0; }
.counts { display: flex; gap: 10px; flex-wrap: wrap; margin: 8px 0; }
.count { border: 1px solid #d5dbe1; border-radius: 4px; padding: 6px 12px; min-width: 90px; }
.count b { display: block; font-size: 20px; }
.bar { display: flex; height: 18px; border: 1px solid #8c959f; margin: 8px 0 4px; }
.bar div { height: 100%; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 3px; font-weight: 700; color: #fff; text-transform: uppercase; font-size: 12px; }
.r-pass { background: #1a7f37; } .r-fail { background: #cf222e; } .r-error { background: #8250df; }
.r-unknown { background: #6e7781; } .r-notapplicable { background: #57606a; } .r-notchecked { background: #9a6700; }
.r-informational, .r-notselected, .r-fixed { background: #57606a; }
.rule { border: 1px solid #d5dbe1; border-left: 6px solid #6e7781; padding: 12px 16px; margin: 14px 0; page-break-inside: avoid; }
.rule.fail { border-left-color: #cf222e; } .rule.pass { border-left-color: #1a7f37; } .rule.error { border-left-color: #8250df; }
pre { white-space: pre-wrap; background: #f6f8fa; border: 1px solid #d5dbe1; padding: 8px; font-size: 12.5px; margin: 4px 0 10px; }
.none { color: #57606a; font-style: italic; }
footer { color: #57606a; margin-top: 28px; font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .badge, .bar div { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { page-break-after: avoid; }
}
        </style>
      </head>
      <body>
        <xsl:call-template name="marking"/>
        <h1>
          <xsl:text>STIG scan of </xsl:text>
          <xsl:value-of select="$tr/x:target[1]"/>
        </h1>
        <p class="sub">
          <xsl:value-of select="$bench/x:title"/>
          <xsl:text>, version </xsl:text>
          <xsl:value-of select="$bench/x:version"/>
          <xsl:text>; scanned </xsl:text>
          <xsl:value-of select="$tr/@start-time"/>
        </p>
        <xsl:for-each select="$scan/sf:warning">
          <p class="warning" id="warning"><xsl:value-of select="."/></p>
        </xsl:for-each>
        <xsl:if test="$scan/sf:target/@kind = 'example'">
          <p class="example" id="example">These results are of scapforge's bundled example evidence, not of any host.</p>
        </xsl:if>
        <xsl:call-template name="summary"/>
        <xsl:call-template name="facts"/>
        <xsl:call-template name="tailoring"/>
        <h2>Rules</h2>
        <xsl:apply-templates select="$results"/>
        <footer>
          <xsl:text>Made by scapforge from an ARF 1.1 report (</xsl:text>
          <xsl:value-of select="$tr/@test-system"/>
          <xsl:text>).</xsl:text>
        </footer>
        <xsl:call-template name="marking"/>
      </body>
    </html>
  </xsl:template>

  <!-- Counts by result and a bar of their shares. -->
  <xsl:template name="summary">
    <h2>Summary</h2>
    <div class="counts" id="counts">
        <xsl:call-template name="count"><xsl:with-param name="name">pass</xsl:with-param></xsl:call-template>
        <xsl:call-template name="count"><xsl:with-param name="name">fail</xsl:with-param></xsl:call-template>
        <xsl:call-template name="count"><xsl:with-param name="name">error</xsl:with-param></xsl:call-template>
        <xsl:call-template name="count"><xsl:with-param name="name">unknown</xsl:with-param></xsl:call-template>
        <xsl:call-template name="count"><xsl:with-param name="name">notapplicable</xsl:with-param></xsl:call-template>
        <xsl:call-template name="count"><xsl:with-param name="name">notchecked</xsl:with-param></xsl:call-template>
        <xsl:call-template name="count"><xsl:with-param name="name">notselected</xsl:with-param></xsl:call-template>
        <xsl:call-template name="count"><xsl:with-param name="name">informational</xsl:with-param></xsl:call-template>
        <xsl:call-template name="count"><xsl:with-param name="name">fixed</xsl:with-param></xsl:call-template>
      <div class="count" data-result="total">
        <b><xsl:value-of select="$total"/></b>
        <xsl:text>rules</xsl:text>
      </div>
    </div>
    <xsl:if test="$total &gt; 0">
      <div class="bar" role="img" aria-label="results">
          <xsl:call-template name="share"><xsl:with-param name="name">pass</xsl:with-param></xsl:call-template>
          <xsl:call-template name="share"><xsl:with-param name="name">fail</xsl:with-param></xsl:call-template>
          <xsl:call-template name="share"><xsl:with-param name="name">error</xsl:with-param></xsl:call-template>
          <xsl:call-template name="share"><xsl:with-param name="name">unknown</xsl:with-param></xsl:call-template>
          <xsl:call-template name="share"><xsl:with-param name="name">notapplicable</xsl:with-param></xsl:call-template>
          <xsl:call-template name="share"><xsl:with-param name="name">notchecked</xsl:with-param></xsl:call-template>
          <xsl:call-template name="share"><xsl:with-param name="name">notselected</xsl:with-param></xsl:call-template>
          <xsl:call-template name="share"><xsl:with-param name="name">informational</xsl:with-param></xsl:call-template>
          <xsl:call-template name="share"><xsl:with-param name="name">fixed</xsl:with-param></xsl:call-template>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="count">
    <xsl:param name="name"/>
    <xsl:variable name="n" select="count($results[x:result = $name])"/>
    <xsl:if test="$n &gt; 0 or $name = 'pass' or $name = 'fail'">
      <div class="count" data-result="{$name}">
        <b><xsl:value-of select="$n"/></b>
        <xsl:value-of select="$name"/>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="share">
    <xsl:param name="name"/>
    <xsl:variable name="n" select="count($results[x:result = $name])"/>
    <xsl:if test="$n &gt; 0">
      <div class="r-{$name}" style="width: {$n * 100 div $total}%"
          title="{$name}: {$n}"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="facts">
    <h2>Target and scan</h2>
    <table id="facts">
      <tr>
        <th>Target</th>
        <td id="target">
          <xsl:value-of select="$tr/x:target[1]"/>
          <xsl:text> (</xsl:text>
          <xsl:choose>
            <xsl:when test="$scan/sf:target/@kind = 'local'">this host, through its Docker socket</xsl:when>
            <xsl:when test="$scan/sf:target/@kind = 'engine'">the host the Docker engine names</xsl:when>
            <xsl:when test="$scan/sf:target/@kind = 'evidence'">named for saved evidence</xsl:when>
            <xsl:when test="$scan/sf:target/@kind = 'example'">the bundled example: no host</xsl:when>
            <xsl:otherwise>unknown: saved evidence that no one named</xsl:otherwise>
          </xsl:choose>
          <xsl:text>)</xsl:text>
        </td>
      </tr>
      <xsl:call-template name="row">
        <xsl:with-param name="name">Host name</xsl:with-param>
        <xsl:with-param name="fact">host_name</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="row">
        <xsl:with-param name="name">FQDN</xsl:with-param>
        <xsl:with-param name="fact">fqdn</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="row">
        <xsl:with-param name="name">IPv4 addresses</xsl:with-param>
        <xsl:with-param name="fact">ipv4</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="row">
        <xsl:with-param name="name">IPv6 addresses</xsl:with-param>
        <xsl:with-param name="fact">ipv6</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="row">
        <xsl:with-param name="name">MAC addresses</xsl:with-param>
        <xsl:with-param name="fact">mac</xsl:with-param>
      </xsl:call-template>
      <tr>
        <th>Operating system</th>
        <td>
          <xsl:for-each select="$scan/sf:target">
            <xsl:value-of select="@os"/>
            <xsl:if test="@os-version">
              <xsl:text> </xsl:text>
              <xsl:value-of select="@os-version"/>
            </xsl:if>
            <xsl:if test="@arch">
              <xsl:text> (</xsl:text>
              <xsl:value-of select="@arch"/>
              <xsl:text>)</xsl:text>
            </xsl:if>
            <xsl:if test="@kernel">
              <xsl:text>, kernel </xsl:text>
              <xsl:value-of select="@kernel"/>
            </xsl:if>
            <xsl:if test="not(@os)"><span class="none">not known</span></xsl:if>
          </xsl:for-each>
        </td>
      </tr>
      <tr>
        <th>Docker engine</th>
        <td>
          <xsl:choose>
            <xsl:when test="$scan/sf:engine">
              <xsl:for-each select="$scan/sf:engine">
                <xsl:value-of select="@edition"/>
                <xsl:if test="not(@edition)">Docker</xsl:if>
                <xsl:text> </xsl:text>
                <xsl:value-of select="@version"/>
                <xsl:text> (API </xsl:text>
                <xsl:value-of select="@api-version"/>
                <xsl:text>, </xsl:text>
                <xsl:value-of select="@os"/>
                <xsl:text>) at </xsl:text>
                <span class="mono"><xsl:value-of select="@host"/></span>
                <xsl:if test="@operating-system">
                  <xsl:text> on </xsl:text>
                  <xsl:value-of select="@operating-system"/>
                </xsl:if>
                <xsl:if test="@name">
                  <xsl:text>, host </xsl:text>
                  <xsl:value-of select="@name"/>
                </xsl:if>
                <xsl:text>; </xsl:text>
                <xsl:value-of select="@listed"/>
                <xsl:text> containers listed</xsl:text>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise>
              <span class="none">not asked: saved evidence was scanned</span>
            </xsl:otherwise>
          </xsl:choose>
        </td>
      </tr>
      <tr>
        <th>Scan time</th>
        <td>
          <xsl:value-of select="$tr/@start-time"/>
          <xsl:text> to </xsl:text>
          <xsl:value-of select="$tr/@end-time"/>
          <xsl:text>, by </xsl:text>
          <xsl:value-of select="$tr/x:identity"/>
          <xsl:if test="$tr/x:identity/@privileged = 'true'"> (privileged)</xsl:if>
        </td>
      </tr>
      <tr>
        <th>Profile</th>
        <td>
          <xsl:variable name="pid" select="$tr/x:profile/@idref"/>
          <xsl:value-of select="$bench/x:Profile[@id = $pid]/x:title"/>
          <xsl:text> </xsl:text>
          <span class="mono"><xsl:value-of select="$pid"/></span>
        </td>
      </tr>
      <xsl:for-each select="$scan/sf:evidence">
        <tr>
          <th>Evidence</th>
          <td>
            <xsl:value-of select="@source"/>
            <br/>
            <span class="mono"><xsl:value-of select="@path"/></span>
            <br/>
            <xsl:text>SHA-256 </xsl:text>
            <span class="mono" id="sha256"><xsl:value-of select="@sha256"/></span>
          </td>
        </tr>
        <tr>
          <th>Containers</th>
          <td id="containers">
            <xsl:value-of select="@assessed"/>
            <xsl:text> assessed, </xsl:text>
            <xsl:value-of select="@excluded"/>
            <xsl:text> excluded</xsl:text>
          </td>
        </tr>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- The results' marking, as a banner. -->
  <xsl:template name="marking">
    <xsl:for-each select="$scan/@marking">
      <p class="marking"><xsl:value-of select="."/></p>
    </xsl:for-each>
  </xsl:template>

  <!-- One row of host facts (all values of an asset identifier). -->
  <xsl:template name="row">
    <xsl:param name="name"/>
    <xsl:param name="fact"/>
    <xsl:variable name="values"
        select="$tr/x:target-facts/x:fact[@name = concat('urn:xccdf:fact:asset:identifier:', $fact)]"/>
    <tr>
      <th><xsl:value-of select="$name"/></th>
      <td>
        <xsl:for-each select="$values">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:value-of select="."/>
        </xsl:for-each>
        <xsl:if test="not($values)"><span class="none">none</span></xsl:if>
      </td>
    </tr>
  </xsl:template>

  <xsl:template name="tailoring">
    <h2>Values in force</h2>
    <table class="list" id="values">
      <tr><th>Value</th><th>Setting</th></tr>
      <xsl:for-each select="$tr/x:set-value">
        <tr>
          <td>
            <xsl:value-of select="key('value', @idref)/x:title"/>
            <br/>
            <span class="mono"><xsl:value-of select="@idref"/></span>
          </td>
          <td class="mono"><xsl:value-of select="."/></td>
        </tr>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- The rows of one per container (an offending container, one the
       exclusion left out) are not in the tree the page is made from,
       which keeps them as rows: a comment marked with $mark, which only
       the program knows, stands for them, and the program writes them
       there, each as a <tr> of the cells the heading names. -->
  <xsl:param name="mark"/>
  <xsl:template name="rows">
    <xsl:param name="of"/>
    <xsl:for-each select="$of">
      <xsl:comment><xsl:value-of select="concat($mark, ' ', @of, ' ', @ref)"/></xsl:comment>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="x:rule-result">
    <xsl:variable name="rule" select="key('rule', @idref)"/>
    <xsl:variable name="group" select="$rule/.."/>
    <xsl:variable name="desc" select="string($rule/x:description)"/>
    <section class="rule {x:result}" id="{@version}">
      <h3>
        <xsl:value-of select="@version"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="$rule/x:title"/>
        <xsl:text> </xsl:text>
        <span class="badge r-{x:result}"><xsl:value-of select="x:result"/></span>
      </h3>
      <table>
        <tr><th>STIG ID</th><td class="mono"><xsl:value-of select="@version"/></td></tr>
        <tr><th>Rule ID</th><td class="mono"><xsl:value-of select="substring-after(@idref, '_rule_')"/></td></tr>
        <tr><th>Vuln ID</th><td class="mono"><xsl:value-of select="substring-after($group/@id, '_group_')"/></td></tr>
        <tr>
          <th>Severity</th>
          <td>
            <xsl:value-of select="@severity"/>
            <xsl:choose>
              <xsl:when test="@severity = 'high'"> (CAT I)</xsl:when>
              <xsl:when test="@severity = 'medium'"> (CAT II)</xsl:when>
              <xsl:when test="@severity = 'low'"> (CAT III)</xsl:when>
            </xsl:choose>
          </td>
        </tr>
        <tr>
          <th>Identifiers</th>
          <td class="mono">
            <xsl:for-each select="x:ident">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:value-of select="."/>
            </xsl:for-each>
          </td>
        </tr>
        <tr><th>Result</th><td><span class="badge r-{x:result}"><xsl:value-of select="x:result"/></span></td></tr>
        <xsl:for-each select="x:message[@severity = 'error']">
          <tr><th>Error</th><td><xsl:value-of select="."/></td></tr>
        </xsl:for-each>
      </table>
      <xsl:variable name="offenders" select="x:metadata/sf:rows[@of = 'offender']"/>
      <p><b>Offending containers</b> (<xsl:value-of select="sum($offenders/@n)"/>)</p>
      <xsl:choose>
        <xsl:when test="$offenders">
          <table class="list offenders">
            <tr><th>Name</th><th>ID</th><th>Image</th><th>Setting found</th></tr>
            <xsl:call-template name="rows"><xsl:with-param name="of" select="$offenders"/></xsl:call-template>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="none">None.</p></xsl:otherwise>
      </xsl:choose>
      <xsl:variable name="would" select="x:metadata/sf:rows[@of = 'excluded-offender']"/>
      <xsl:if test="$would">
        <p class="would"><b>Left out by the exclusion pattern, but would be findings</b> (<xsl:value-of select="sum($would/@n)"/>)</p>
        <table class="list would-fail">
          <tr><th>Name</th><th>ID</th><th>Image</th><th>Setting found</th></tr>
          <xsl:call-template name="rows"><xsl:with-param name="of" select="$would"/></xsl:call-template>
        </table>
      </xsl:if>
      <xsl:variable name="excluded" select="$scan/sf:rows[@of = 'excluded']"/>
      <p><b>Excluded containers</b> (<xsl:value-of select="sum($excluded/@n)"/>), left out by the exclusion pattern</p>
      <xsl:choose>
        <xsl:when test="$excluded">
          <table class="list excluded">
            <tr><th>Name</th><th>ID</th><th>Image</th><th>Why</th></tr>
            <xsl:call-template name="rows"><xsl:with-param name="of" select="$excluded"/></xsl:call-template>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="none">None.</p></xsl:otherwise>
      </xsl:choose>
      <p><b>Discussion</b></p>
      <pre><xsl:value-of select="substring-before(substring-after($desc, '&lt;VulnDiscussion&gt;'), '&lt;/VulnDiscussion&gt;')"/></pre>
      <p><b>Check</b></p>
      <pre><xsl:value-of select="$rule/x:metadata/sf:manual-check"/></pre>
      <p><b>Fix</b></p>
      <pre><xsl:value-of select="$rule/x:fixtext"/></pre>
    </section>
  </xsl:template>

</xsl:stylesheet>
