<?xml version="1.0" encoding="UTF-8"?>
<!--
  scapforge's fleet page: one self-contained page (no script, no fetch)
  made from the fleet document that scapforge scan builds for a scan of
  many hosts (src/report/fleet_html.c): one row per host, its status and
  the result of each rule, linking to the host's own report when there
  is one. Names are only ever written as text.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:output method="html" encoding="UTF-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="/fleet">
    <html lang="en">
      <head>
        <meta charset="UTF-8"/>
        <title>scapforge fleet report</title>
        <style>
body { font: 14px/1.45 "DejaVu Sans", Arial, sans-serif; color: #1d232a; margin: 0 auto; max-width: 1100px; padding: 24px; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c8ced6; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
.pass { color: #1a7f37; } .finding, .fail { color: #b42318; font-weight: bold; }
.error, .unknown { color: #9a6700; font-weight: bold; }
.offender { display: block; font-size: 12px; }
        </style>
      </head>
      <body>
        <h1>scapforge fleet report</h1>
        <p id="counts">
          <xsl:value-of select="@hosts"/><xsl:text> hosts: </xsl:text>
          <xsl:value-of select="@pass"/><xsl:text> passed, </xsl:text>
          <xsl:value-of select="@finding"/><xsl:text> with findings, </xsl:text>
          <xsl:value-of select="@error"/><xsl:text> not scanned</xsl:text>
        </p>
        <table id="hosts">
          <tr>
            <th>Host</th><th>Endpoint</th><th>Engine</th><th>Status</th>
            <th>Containers</th>
            <xsl:for-each select="column"><th><xsl:value-of select="."/></th></xsl:for-each>
            <th>Report</th>
          </tr>
          <xsl:apply-templates select="host"/>
        </table>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="host">
    <tr class="host">
      <td class="name"><xsl:value-of select="name"/></td>
      <td class="endpoint"><xsl:value-of select="endpoint"/></td>
      <td class="engine"><xsl:value-of select="engine"/></td>
      <td class="status {@status}">
        <xsl:value-of select="@status"/>
        <xsl:if test="error">
          <xsl:text>: </xsl:text><xsl:value-of select="error"/>
        </xsl:if>
      </td>
      <td class="containers"><xsl:value-of select="@containers"/></td>
      <xsl:for-each select="cell">
        <td class="rule {@result}">
          <xsl:choose>
            <xsl:when test="@result"><xsl:value-of select="@result"/></xsl:when>
            <xsl:otherwise>-</xsl:otherwise>
          </xsl:choose>
          <xsl:for-each select="offender">
            <span class="offender"><xsl:value-of select="."/></span>
          </xsl:for-each>
        </td>
      </xsl:for-each>
      <td class="report">
        <xsl:if test="report">
          <a href="{report}">report</a>
        </xsl:if>
      </td>
    </tr>
  </xsl:template>
</xsl:stylesheet>
