/* dxtrack dashboard charts, drawn with Apache ECharts (installed by bin/setup from npm).
   - [data-chart="ID"]: draws the chart described by the JSON block <script id="ID"
     type="application/json"> (the page's data, not code); a click on a bar opens the
     list behind it (each data item carries its url).
   - [data-chart-save="png|svg"][data-chart-target="ID"]: downloads the chart as an image.
   - [data-print]: prints the page (the print stylesheet fits A4 landscape).
   Without ECharts (bin/setup not run) nothing is drawn: the tables beside carry the data. */
(function () {
  "use strict";

  // The status colours of the page's badges (dxtrack.css), darker than the tile washes.
  var COLOURS = { green: "#2e7d4f", yellow: "#d99a00", red: "#c0392b", grey: "#9aa5b1" };
  var charts = {};
  var options = {};

  function spec(id) {
    var block = document.getElementById(id);
    return block ? JSON.parse(block.textContent) : null;
  }

  function truncate(text, size) {
    return text.length > size ? text.slice(0, size - 1) + "…" : text;
  }

  function stacked(data) {
    var categoryAxis = {
      type: "category",
      data: data.categories,
      axisLabel: {
        formatter: function (value) { return truncate(value, data.horizontal ? 48 : 24); },
      },
    };
    var valueAxis = { type: "value", minInterval: 1 };
    if (data.horizontal) {
      categoryAxis.inverse = true; // the first (best ranked) at the top
    }
    return {
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: data.horizontal ? valueAxis : categoryAxis,
      yAxis: data.horizontal ? categoryAxis : valueAxis,
      series: data.series.map(function (serie) {
        return {
          name: serie.name,
          type: "bar",
          stack: "total",
          cursor: "pointer",
          itemStyle: { color: COLOURS[serie.colour] },
          emphasis: { focus: "series" },
          data: serie.data,
        };
      }),
    };
  }

  function achievement(data) {
    return {
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: function (item) {
          return item.name + "<br>" + item.value.toLocaleString("vi-VN") + "% mục tiêu";
        },
      },
      grid: { left: 8, right: 32, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.categories,
        axisLabel: { formatter: function (value) { return truncate(value, 56); } },
      },
      series: [
        {
          type: "bar",
          cursor: "pointer",
          data: data.data.map(function (item) {
            return { value: item.value, url: item.url, itemStyle: { color: COLOURS[item.colour] } };
          }),
          markLine: {
            symbol: "none",
            silent: true,
            lineStyle: { color: "#1b1f24", type: "dashed" },
            label: { formatter: "Mục tiêu" },
            data: [{ xAxis: 100 }],
          },
        },
      ],
    };
  }

  function history(data) {
    return {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.categories },
      yAxis: { type: "value", name: data.unit || "" },
      series: [
        {
          name: "Giá trị",
          type: "line",
          connectNulls: false,
          symbolSize: 10,
          lineStyle: { color: "#0b4f8a" },
          data: data.values.map(function (item) {
            return { value: item.value, itemStyle: { color: COLOURS[item.colour] } };
          }),
        },
        {
          name: "Mục tiêu của mốc",
          type: "line",
          step: "middle",
          symbol: "none",
          lineStyle: { type: "dashed", color: "#1b1f24" },
          data: data.targets,
        },
      ],
    };
  }

  var BUILDERS = { stacked: stacked, achievement: achievement, history: history };

  function height(data) {
    var rows = data.categories.length;
    if ((data.kind === "stacked" && data.horizontal) || data.kind === "achievement") {
      return Math.max(240, rows * 22 + 70);
    }
    return 320;
  }

  function draw(box) {
    var id = box.getAttribute("data-chart");
    var data = spec(id);
    if (!data || !data.categories.length) {
      return;
    }
    var option = BUILDERS[data.kind](data);
    box.style.height = height(data) + "px";
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    chart.setOption(option);
    chart.on("click", function (params) {
      if (params.data && params.data.url) {
        window.location.href = params.data.url;
      }
    });
    charts[id] = chart;
    options[id] = option;
    var actions = box.parentNode.querySelector(".chart-actions");
    if (actions) {
      actions.hidden = false;
    }
  }

  function download(href, name) {
    var link = document.createElement("a");
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function save(button) {
    var id = button.getAttribute("data-chart-target");
    var chart = charts[id];
    if (!chart) {
      return;
    }
    var name = id.replace(/^chart-/, "bieu-do-");
    if (button.getAttribute("data-chart-save") === "png") {
      download(chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" }), name + ".png");
      return;
    }
    // SVG: the same option drawn once more by ECharts' SVG renderer, off screen.
    var copy = window.echarts.init(null, null, {
      renderer: "svg",
      ssr: true,
      width: chart.getWidth(),
      height: chart.getHeight(),
    });
    copy.setOption(options[id]);
    var svg = copy.renderToSVGString();
    copy.dispose();
    var url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }));
    download(url, name + ".svg");
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function resizeAll() {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    if (!window.echarts) {
      return; // the tables stay: they hold the same numbers
    }
    document.querySelectorAll("[data-chart]").forEach(draw);
    document.querySelectorAll("[data-chart-save]").forEach(function (button) {
      button.addEventListener("click", function () { save(button); });
    });
    window.addEventListener("resize", resizeAll);
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
  });
})();
