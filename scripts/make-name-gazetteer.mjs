#!/usr/bin/env node
// Builds common/src/main/resources/io/vigia/common/privacy/names.txt, the name gazetteer of
// PersonAddressFinder, from the person data of @faker-js/faker (MIT licence), locales es, pt_BR and en
// ONLY (the other locales, es_MX, pt_PT, en_GB, en_AU..., are kept out: someone else evaluates on them).
//
//   npm install --prefix /tmp/fk @faker-js/faker@10.6.0
//   node scripts/make-name-gazetteer.mjs /tmp/fk            (run from the repository root)
//
// Output lines (after the '#' header), sorted, deduplicated, accents kept as in the source:
//   F<TAB>given name     person.first_name (all sexes) and person.middle_name of the three locales
//   L<TAB>surname        person.last_name of the three locales
//   W<TAB>word           a given name or surname that is also an ordinary capitalised word, a place, a
//                        brand or a saint's/feast name (STOP_AMBIGUOUS below). W words are NOT anchors:
//                        a name is never reported because of them alone; they may only be part of a
//                        span next to an unambiguous F/L word ("María Rosa García") or after a title
//                        or an explicit naming cue ("Sra. Rosa Blanco", "me llamo Victoria").
//   N<TAB>full name      a given name + surname pair that is a brand or a business, never a person
//                        finding ("Carolina Herrera", "Juan Valdez").
// Month and weekday names and function words (STOP_DROP) are removed entirely: they are neither anchors
// nor span words ("Julio", "Domingo", "Agosto", "April", "Una", "Ella").
// Multi-word source entries ("María del Carmen", "Espinosa de los Monteros") are split into their
// capitalised words; particles (de, del, la, los...) are handled by the finder, not listed.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const VERSION = '10.6.0';
const LOCALES = ['es', 'pt_BR', 'en'];
const OUT = 'common/src/main/resources/io/vigia/common/privacy/names.txt';

// Removed entirely: months, weekdays (es, pt, en) and function words that faker lists as names.
const STOP_DROP = `
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
january february march april may june july august september october november december
lunes martes miércoles jueves viernes sábado domingo
segunda terça quarta quinta sexta
monday tuesday wednesday thursday friday saturday sunday
una esta ella sim mia santa don
`;

// Ambiguous: ordinary words, places, brands, saints and feasts of es / pt / en business text.
const STOP_AMBIGUOUS = `
rosa blanca pilar paz luz cruz mercedes victoria santiago dolores sol mar leon león mayor blanco rubio
prado campos vega santos ramos rios ríos nieto castillo moreno bravo gil paris sierra marin marín lima
flores soler aguilar costa rocha
caridad concepción conchita esperanza gloria guadalupe lourdes reina rosario salvador soledad norma
jesús jesus ángel angel amparo consuelo clara alba alcalá aragón arenas armas banda bueno burgos
caballero cadena caldera candelaria cano carrera casas castro colón cordero corona corral delgado
escobar estrada fuentes gracia guerra guerrero hidalgo iglesias leal luna madera madrid mata maya
medina mercado mesa montes mora muro naranjo nieves niño olivo palacios parra partida peña piña
posada puente rico rincón robles rojo rosado rosas salas santana segovia segura serrano sevilla soria
toledo toro torres vaca valencia valle vela villa zamora zaragoza alemán arroyo barrera angulo jurado
lira llamas lucero madrigal mares paredes huerta pagan vigil limón mendoza terrazas trujillo salinas
reyes franco reis braga vitória isis washington romero correa barrios lugo granado
beer block brown green grant hand hills king klein little lowe mann marks mills price rice stark
swift terry toy ward waters west white will wolf walker ferry funk fay dare crooks crist bins lang
kris bode bosco von kub conn cole hudson douglas hyatt parisian shields stokes
autumn summer winter dawn hope faith grace joy charity patience prudence mercy trinity destiny
heaven harmony melody sky skye river rain storm ocean brook rose lily iris daisy violet ivy holly
hazel heather jasmine olive pearl ruby amber crystal jade jewel diamond ginger penny bill mark art
chase hunter rod pat sue jack frank guy gene chance clay colt dale dean drew earl ford forest glen
lance mason miles reed rex rocky royal sage sterling stone wade warren madison sydney phoenix
dakota austin houston dallas denver orlando jordan georgia virginia carolina chelsea asia kenya
alexandria savannah cleveland lincoln kennedy jackson franklin harley lexus chanel tiffany alma
dulce marina estrella linda bella belle bonita nina cielo tierra brisa leona prince baron marshall
queen major nova vera ola blue golden lucky sunny misty judge genesis maverick armani dior delta lux
al ed ali ace bo jo flo bud buck mack nick sandy scout sonny tad van fern heath laurel opal ora pansy
willow juniper rowan robin raven jay lark faye kay hardy noble earnest constance felicity serenity
montana missouri milan florence verona roma geneva fatima regina lola baby justice unique precious
sincere journey lyric jazz royce nash lexi abbey tanner porter cooper carter miller parker max
cara alta monte tiara mina hugo
`;


// ---------------------------------------------------------------------------------------------------
// Hand-written lists from general public knowledge (not from faker, not from any evaluation corpus).
// faker's pt_BR locale has only 21 surnames and no Spanish-American locale is read here, so these
// complete the gazetteer with the commonest names of those countries.

// Most frequent surnames of Brazil and Portugal: the top of the IBGE (Censo 2010 / "nomes no Brasil")
// and INE Portugal / IRN frequency lists, as widely published (e.g. the Wikipedia articles "Lista de
// sobrenomes mais comuns no Brasil" and "Apelidos mais comuns em Portugal").
const PT_SURNAMES = `
Silva Santos Oliveira Souza Sousa Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins
Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Andrade Moreira Nunes
Marques Machado Mendes Freitas Cardoso Ramos Gonçalves Santana Teixeira Araújo Pinto Correia Moura
Monteiro Moraes Morais Batista Baptista Reis Azevedo Borges Melo Mello Nogueira Vaz Paiva Loureiro
Tavares Pires Macedo Brito Sampaio Fonseca Guimarães Coelho Cunha Medeiros Farias Leite Miranda Rezende
Resende Siqueira Xavier Bezerra Queiroz Magalhães Amaral Figueiredo Pacheco Duarte Matos Lacerda Barros
Viana Bastos Pinheiro Peixoto Antunes Neves Rangel Brandão Vasconcelos Faria Abreu Anjos Assis
Caldeira Chaves Domingues Esteves Galvão Godinho Henriques Matias Mota Motta Paixão Rebelo Sá Simões
Sobral Veloso Cavalcanti Cavalcante Quintela Sequeira Cabral Campos Cordeiro Couto Cruz Dantas
Diniz Feitosa Fontes Franco Gouveia Jesus Leal Leão Lobo Maia Marinho Mascarenhas
Mesquita Moniz Muniz Nóbrega Novais Pestana Pimentel Portela Quaresma Rosário Salgado Seixas
Valente Varela Vasques Vidal Vilela Aguiar Albuquerque Alencar Alvarenga Arruda Barreto Bento
Bittencourt Branco Caetano Carneiro Castro Coutinho Custódio Falcão Fagundes Figueira Goulart Lins
Lobato Maciel Menezes Neto Nobre Pedrosa Prado Rios Sales Teles Torres Ventura Porto Amorim Jardim
Calado Louro Magno Marçal Simão Tomé Valadares Sardinha Leitão Quintas Damasceno Evangelista
Rego Aragão Sobrinho Frota Holanda Lacerda Pontes Passos Bueno Prates Toledo Honorato Luz Matoso
`;

// Common given names of Brazil and Portugal (IBGE Censo 2010 "nomes mais frequentes" and INE / IRN
// lists of the most registered baby names, as widely published).
const PT_GIVEN = `
João José Antônio António Francisco Carlos Paulo Pedro Lucas Luiz Luís Marcos Gabriel Rafael Daniel
Marcelo Bruno Eduardo Felipe Filipe Raimundo Rodrigo Manoel Manuel Mateus Matheus André Fernando Fábio
Leonardo Gustavo Guilherme Leandro Tiago Thiago Anderson Ricardo Márcio Jorge Sebastião Alexandre Roberto
Edson Diego Vitor Vítor Sérgio Cláudio Renato Fabrício Vinícius Renan Caio Otávio Heitor Davi Arthur
Artur Enzo Bernardo Samuel Miguel Henrique Murilo Rui Nuno Duarte Gonçalo Diogo Afonso Tomás Hugo
Martim Simão Vasco Joaquim Álvaro Armando Cristiano Yuri Breno Emanuel Benício
Lorenzo Théo Ícaro Wellington Cauã Igor Ítalo Jonas Juliano Luan Nicolas Pietro Valentim Vicente
Rogério Sílvio Valter Wagner Jefferson Robson Adriano Alessandro Alexandre Anselmo Artur Augusto
Benedito Caetano Celso Cícero Domingos Edgar Elias Emílio Fausto Flávio Geraldo Gilberto Gilmar Hélder
Horácio Inácio Jaime Júlio Leonel Marco Mauro Nélson Norberto Osvaldo Patrício Raul Reinaldo Saulo
Tomé Ulisses Valdemar Xavier
Maria Ana Francisca Antônia Antónia Adriana Juliana Márcia Fernanda Patrícia Aline Sandra Camila Amanda
Bruna Jéssica Letícia Júlia Luciana Vanessa Mariana Gabriela Vitória Larissa Cláudia Beatriz Rita Luana
Sônia Sónia Renata Eliane Josefa Simone Natália Cristina Carla Débora Rosângela Jaqueline Daniela
Aparecida Marlene Terezinha Raimunda Andréia Andreia Fabiana Lúcia Raquel Ângela Rafaela Joana Luzia
Elaine Daniele Regina Sabrina Isabel Isabela Isabella Alice Sofia Sophia Helena Valentina Laura
Manuela Giovanna Heloísa Lorena Lívia Yasmin Cecília Clara Lara Mirella Melissa Nicole Esther Rebeca
Inês Leonor Matilde Carolina Margarida Vânia Sílvia Susana Teresa Filipa
Catarina Marta Sara Diana Tânia Paula Rute Glória Graça Fátima Conceição Célia Eva
Bianca Kátia Priscila Tatiana Thaís Viviane Ingrid Lavínia Maitê Pietra Stella Ágata Alícia
Bárbara Elisa Emília Flávia Gisele Irene Ivone Karina Lilian Milena Noémia Odete Olívia Pâmela Rosana
Silvana Yara Zilda Alessandra Cátia Cristiana Eduarda Gabriele Giovana Jordana Lúcia Micaela Mônica
Mónica Nathália Rayssa Sueli Vera Valéria
`;

// Most frequent surnames of Mexico, Colombia, Argentina, Chile and Peru (national registry / RENAPER /
// Registro Civil / RENIEC frequency lists as widely published, e.g. the Wikipedia articles on the
// commonest surnames of each country), for those not already in faker's es locale.
const ES_AM_SURNAMES = `
Hernández García Martínez López González Pérez Rodríguez Sánchez Ramírez Cruz Flores Gómez Morales
Vázquez Reyes Jiménez Torres Díaz Gutiérrez Ruiz Mendoza Aguilar Ortiz Moreno Castillo Romero Álvarez
Méndez Chávez Rivera Juárez Ramos Domínguez Herrera Medina Castro Vargas Guzmán Velázquez Muñoz Rojas
Contreras Salazar Luna Ortega Santiago Guerrero Estrada Bautista Cortés Soto Alvarado Espinoza Lara
Ávila Ríos Cervantes Silva Delgado Vega Márquez Sandoval Fernández León Carrillo Mejía Solís Núñez
Rosas Valdez Ibarra Campos Santos Camacho Navarro Peña Maldonado Rosales Acosta Miranda Trejo Valencia
Nava Pacheco Robles Molina Rangel Huerta Fuentes Cabrera Padilla Escobar Meza Esquivel Zamora Barrera
Villanueva Ayala Cárdenas Orozco Villegas Sosa Arellano Galván Salinas Beltrán Tapia Lozano Velasco
Zúñiga Ochoa Bravo Olvera Rubio Palacios Cisneros Caballero Serrano Montes Trujillo Quintero Ponce
Hidalgo Figueroa Galindo Arias Andrade Cano Benítez Escamilla Montoya Cuevas Osorio Zapata Correa
Bustos
Suárez Giraldo Restrepo Cardona Castaño Londoño Arango Ospina Marín Henao Velásquez Agudelo Echeverri
Gallego Duque Betancur Betancourt Hoyos Bedoya Vélez Uribe Patiño Murillo Buitrago Rincón Becerra Parra
Pineda Bermúdez Ocampo Sepúlveda Jaramillo Calle Toro Benavides Caicedo Mosquera Valderrama Guerra
Aguirre Giménez Pereyra Godoy Ferreyra Carrizo Peralta Ledesma Quiroga Vera Ojeda Villalba Cardozo
Coronel Cáceres Paz Rivero Mansilla Ibáñez Maidana Toledo Lucero Villarreal Aranda Franco Araya
Valenzuela Pizarro Vásquez Carrasco Jara Vergara Riquelme Orellana Olivares Alarcón Gallardo Garrido
Henríquez Saavedra Aguilera Aravena Pino Yáñez Poblete Cárcamo Leiva Cofré Quezada Lagos Ulloa Quispe
Huamán Mamani Gonzales Condori Ticona Ccama Córdova Paredes Huanca Chambi Palomino Apaza Calderón Salas
Valverde Yupanqui Mayta Choque Poma Huillca Tello Chumpitaz Cahuana Inga Taipe Zavala
`;

// Ambiguous words among the hand-written names: ordinary capitalised words, places, brands (added to
// STOP_AMBIGUOUS below, so they stay W).
const HAND_AMBIGUOUS = `
costa rocha lima campos cruz prado santos ramos leal franco bueno lobo sales reis mota motta sá neves
matos porto maia viana assis miranda serra jardim luz guerra leão branco nobre bento castro torres
paixão rios sardinha salgado pinto leite dias coelho neto sobrinho figueira oliva valente cordeiro
carneiro fontes vidal jesus passos pontes prates holanda quintas louro calado magno calle toro paz
vera pino lagos inga araya parra vega salas duque uribe santiago rendón gallego hoyos
`;

// Brands and businesses named like a person (given name + surname of the gazetteer).
const BRAND_NAMES = [
  'Carolina Herrera', 'Juan Valdez', 'Adolfo Domínguez', 'Pedro del Hierro', 'Óscar de la Renta',
  'Ralph Lauren', 'Calvin Klein', 'Tommy Hilfiger', 'Johnnie Walker', 'José Cuervo',
  'Jack Daniels', 'Ronald McDonald', 'Paco Rabanne', 'Purificación García', 'Roberto Verino',
  'Agatha Ruiz', 'Cristóbal Balenciaga', 'Manolo Blahnik', 'Don Simón', 'Don Julio', 'Mr Wonderful',
  'Dr Pepper', 'Tío Pepe', 'Casa Tarradellas',
];

const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'da', 'das', 'do', 'dos', 'y', 'e', 'von', 'van']);

function words(list) {
  return new Set(list.split(/\s+/).filter(Boolean).map((w) => w.toLocaleLowerCase('es')));
}

async function main() {
  const root = process.argv[2];
  if (!root) {
    console.error('usage: node scripts/make-name-gazetteer.mjs <npm prefix where @faker-js/faker is installed>');
    process.exit(2);
  }
  const pkgDir = path.join(root, 'node_modules', '@faker-js', 'faker');
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  if (pkg.version !== VERSION) {
    console.error(`expected @faker-js/faker ${VERSION}, found ${pkg.version}`);
    process.exit(1);
  }
  const faker = await import(pathToFileURL(path.join(pkgDir, 'dist', 'index.js')).href);
  const drop = words(STOP_DROP);
  const ambiguous = words(STOP_AMBIGUOUS + HAND_AMBIGUOUS);
  const entries = new Map(); // "F\tname" -> true
  const counts = {};
  const add = (tag, raw) => {
    for (const w of raw.split(/\s+/)) {
      if (!w || PARTICLES.has(w) || w[0] !== w[0].toLocaleUpperCase('es')) {
        continue;
      }
      const key = w.toLocaleLowerCase('es');
      if (drop.has(key)) {
        continue;
      }
      entries.set(`${ambiguous.has(key) ? 'W' : tag}\t${w}`, true);
    }
  };
  for (const loc of LOCALES) {
    const person = faker[loc].person;
    for (const [field, tag] of [['first_name', 'F'], ['middle_name', 'F'], ['last_name', 'L']]) {
      const v = person[field];
      if (!v) {
        continue;
      }
      let n = 0;
      for (const list of Object.values(v)) {
        for (const name of list) {
          add(tag, name);
          n++;
        }
      }
      counts[`${loc}.${field}`] = n;
    }
  }
  for (const [name, list, tag] of [['pt.surnames', PT_SURNAMES, 'L'], ['pt.given', PT_GIVEN, 'F'],
    ['es_am.surnames', ES_AM_SURNAMES, 'L']]) {
    const ws = list.split(/\s+/).filter(Boolean);
    ws.forEach((w) => add(tag, w));
    counts[name] = ws.length;
  }
  for (const b of BRAND_NAMES) {
    if (b.includes(' ')) {
      entries.set(`N\t${b}`, true);
    }
  }
  const lines = [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const tally = { F: 0, L: 0, W: 0, N: 0 };
  for (const l of lines) {
    tally[l[0]]++;
  }
  const header = [
    `# Name gazetteer of io.vigia.common.privacy.PersonAddressFinder. Generated by scripts/make-name-gazetteer.mjs; do not edit.`,
    `# Source: npm @faker-js/faker ${VERSION}, person.first_name / middle_name / last_name of locales ${LOCALES.join(', ')} only;`,
    `# plus hand-written lists of the commonest Brazilian / Portuguese surnames and given names (IBGE, INE Portugal) and Spanish-American surnames (see the script).`,
    `# Licence: MIT, Copyright (c) 2022-2025 Faker (faker-js contributors); based on faker.js, Copyright (c) 2011-2020 Marak Squires and contributors. See NOTICE.`,
    `# Tags: F given name, L surname, W ambiguous word (never an anchor), N brand named like a person. Entries: F ${tally.F}, L ${tally.L}, W ${tally.W}, N ${tally.N}.`,
  ];
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, header.join('\n') + '\n' + lines.join('\n') + '\n');
  console.log(`wrote ${OUT}: F ${tally.F}, L ${tally.L}, W ${tally.W}, N ${tally.N} (source entries ${JSON.stringify(counts)})`);
}

await main();
