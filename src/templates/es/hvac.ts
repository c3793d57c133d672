import type { SpanishTemplate } from './types.ts';

export const hvacEs: SpanishTemplate = {
  greeting: 'Gracias por llamar a {business}, le atiende la recepcionista virtual. ¿En qué le puedo ayudar?',
  asrKeywords: ['calefacción', 'aire acondicionado', 'minisplit', 'termostato', 'ductos', 'bomba de calor'],
  services: {
    'Heating Repair': {
      name: 'Reparación de calefacción',
      keywords: [
        'calefacción',
        'calefactor',
        'calentador',
        'horno',
        'furnace',
        'caldera',
        'no calienta',
        'no hay calefacción',
        'sin calefacción',
        'piloto',
        'radiador',
        'bomba de calor',
        'aire frío',
        'heater',
        'heat',
      ],
    },
    'AC Repair': {
      name: 'Reparación de aire acondicionado',
      keywords: [
        'aire acondicionado',
        'aire',
        'el aire',
        'clima',
        'minisplit',
        'mini split',
        'no enfría',
        'no enfria',
        'aire caliente',
        'compresor',
        'ac',
        'a c',
        'refrigeración',
      ],
    },
    Maintenance: {
      name: 'Mantenimiento',
      keywords: [
        'mantenimiento',
        'revisión',
        'revision',
        'chequeo',
        'afinación',
        'inspección',
        'filtro',
        'servicio preventivo',
        'tune up',
      ],
    },
    'Installation Estimate': {
      name: 'Presupuesto de instalación',
      keywords: [
        'instalación',
        'instalar',
        'sistema nuevo',
        'equipo nuevo',
        'reemplazar',
        'reemplazo',
        'cambiar el equipo',
        'presupuesto',
        'cotización',
        'estimado',
      ],
    },
    'Duct Cleaning': {
      name: 'Limpieza de ductos',
      keywords: ['ductos', 'ducto', 'conductos', 'rejillas', 'ventilas', 'calidad del aire', 'limpieza de ductos'],
    },
  },
  faq: {
    'Do you offer emergency service?': {
      question: '¿Tienen servicio de emergencia?',
      answer:
        'Sí, atendemos emergencias de calefacción y aire acondicionado; ' +
        'dígame qué está pasando y un técnico le llamará enseguida.',
      keywords: ['servicio de emergencia', 'emergencias', 'fuera de horario', '24 horas', 'veinticuatro horas'],
    },
    'Do you charge for estimates?': {
      question: '¿Cobran por los presupuestos?',
      answer: 'Los presupuestos para instalaciones nuevas son gratis.',
      keywords: [
        'cobran por el presupuesto',
        'cobran por la cotización',
        'presupuesto gratis',
        'cotización gratis',
        'estimado gratis',
      ],
    },
    'What areas do you serve?': {
      question: '¿A qué zonas dan servicio?',
      answer: 'Damos servicio en toda el área metropolitana y los pueblos de alrededor.',
      keywords: ['zona', 'zonas', 'área', 'areas', 'hasta donde', 'llegan hasta', 'vienen hasta'],
    },
    'Do you offer a warranty?': {
      question: '¿Tienen garantía?',
      answer: 'Todas las reparaciones tienen un año de garantía en piezas y mano de obra.',
      keywords: ['garantía', 'garantia'],
    },
  },
};
