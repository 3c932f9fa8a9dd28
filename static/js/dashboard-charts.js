// The dashboard's charts, drawn with the vendored Chart.js (static/vendor/chartjs, loaded before
// this module) from the accessible tables beside them: each figure is read from the table, so a
// chart can never show a number the table does not. Without JavaScript the tables remain.
//
//   <table data-chart="line|bar" data-chart-canvas="canvas-id" data-chart-unit="%">
//     <th data-series="Label">         a column to draw (one line or one bar colour)
//     <th scope="row" data-label="x">  the x-axis label of a body row
//     <td data-value="12.5">           the figure ("" for none: a gap in a line)

// GOV.UK Frontend's palette: blue, red, green, purple, orange, dark grey.
const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#f47738', '#505a5f']

function readTable (table) {
  const headers = [...table.tHead.rows[0].cells]
  const seriesColumns = headers
    .map((cell, index) => ({ label: cell.dataset.series, index }))
    .filter((column) => column.label)
  const rows = [...table.tBodies[0].rows]
  const labels = rows.map((row) => row.cells[0].dataset.label ?? row.cells[0].textContent.trim())
  const datasets = seriesColumns.map((column, n) => ({
    label: column.label,
    data: rows.map((row) => {
      const raw = row.cells[column.index]?.dataset.value
      return raw === undefined || raw === '' ? null : Number(raw)
    }),
    borderColor: COLOURS[n % COLOURS.length],
    backgroundColor: COLOURS[n % COLOURS.length],
    maxBarThickness: 56,
    spanGaps: false
  }))
  return { labels, datasets }
}

function draw (table) {
  const canvas = document.getElementById(table.dataset.chartCanvas)
  if (!canvas || typeof window.Chart !== 'function') {
    return
  }
  const type = table.dataset.chart === 'line' ? 'line' : 'bar'
  const unit = table.dataset.chartUnit ?? ''
  const data = readTable(table)
  // The table is the accessible version: the canvas is described as an image pointing to it.
  // eslint-disable-next-line no-new
  new window.Chart(canvas, {
    type,
    data,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        y: {
          beginAtZero: true,
          suggestedMax: unit === '%' ? 100 : undefined,
          ticks: { callback: (value) => `${value}${unit}`, precision: 0 }
        }
      },
      plugins: {
        legend: { display: data.datasets.length > 1, position: 'bottom' },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.formattedValue}${unit}` } }
      }
    }
  })
}

document.querySelectorAll('table[data-chart]').forEach(draw)
